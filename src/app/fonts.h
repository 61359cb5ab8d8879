// The UI fonts: Noto Sans from Debian's fonts-noto-core, subset at build time to the glyphs below
// (Latin with accents for English and French, punctuation, the euro sign). Rasterised at the
// screen's device pixel ratio and drawn at 1/ratio, so text stays crisp at any zoom.
#pragma once

#include <string>

#include "app/app_state.h"

struct ImGuiIO;

namespace portal::app {

inline constexpr float kBodyFontSize = 15.0f;     // CSS pixels
inline constexpr float kHeadingFontSize = 21.0f;  // CSS pixels
// A wall display's type (the kiosk), times its layout's scale: rasterised at the size it is
// drawn, so that it stays crisp from 1280x720 to 3840x2160.
inline constexpr float kKioskBodyFontSize = 26.0f;
inline constexpr float kKioskDisplayFontSize = 44.0f;

// Zero-terminated pairs of code point ranges; the build's font subset holds exactly these.
const unsigned short* GlyphRanges();

// Replaces the atlas's fonts. `regular` and `bold` are TTF bytes. kiosk_scale > 0: the kiosk's
// type at that scale (body and display), instead of the portal's body. False when a font is
// unusable.
bool LoadFonts(ImGuiIO& io, const std::string& regular, const std::string& bold, float pixel_ratio,
               Fonts& out, float kiosk_scale = 0);

}  // namespace portal::app
