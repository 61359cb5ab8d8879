#include "app/fonts.h"

#include <imgui.h>

#include <cstring>

namespace portal::app {

namespace {

// Keep in step with the subset ranges in scripts/lib/bundle.sh.
constexpr ImWchar kRanges[] = {
    0x0020, 0x007E,  // Basic Latin
    0x00A0, 0x017F,  // Latin-1 Supplement, Latin Extended-A (é, è, ç, œ, ...)
    0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
    0x2030, 0x203A,  // per mille, angle quotes
    0x20AC, 0x20AC,  // euro sign
    0x2190, 0x2193,  // arrows
    0,
};

ImFont* AddFont(ImGuiIO& io, const std::string& bytes, float size) {
    if (bytes.size() < 12) return nullptr;
    // The atlas frees the buffer it is given, so hand it its own copy.
    void* copy = IM_ALLOC(bytes.size());
    std::memcpy(copy, bytes.data(), bytes.size());
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    return io.Fonts->AddFontFromMemoryTTF(copy, static_cast<int>(bytes.size()), size, &config,
                                          kRanges);
}

}  // namespace

const unsigned short* GlyphRanges() {
    return kRanges;
}

bool LoadFonts(ImGuiIO& io, const std::string& regular, const std::string& bold, float pixel_ratio,
               Fonts& out, float kiosk_scale) {
    if (pixel_ratio <= 0) pixel_ratio = 1;
    io.Fonts->Clear();
    const std::string& strong = bold.empty() ? regular : bold;
    float body = kiosk_scale > 0 ? kKioskBodyFontSize * kiosk_scale : kBodyFontSize;
    out.body = AddFont(io, regular, body * pixel_ratio);
    out.heading = AddFont(io, strong, kHeadingFontSize * pixel_ratio);
    out.display = kiosk_scale > 0
                      ? AddFont(io, strong, kKioskDisplayFontSize * kiosk_scale * pixel_ratio)
                      : nullptr;
    if (!out.body || !out.heading || (kiosk_scale > 0 && !out.display) || !io.Fonts->Build()) {
        return false;
    }
    io.FontDefault = out.body;
    io.FontGlobalScale = 1.0f / pixel_ratio;
    return true;
}

}  // namespace portal::app
