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

// Zero-terminated pairs of code point ranges; the build's font subset holds exactly these.
const unsigned short* GlyphRanges();

// Replaces the atlas's fonts. `regular` and `bold` are TTF bytes. False when a font is unusable.
bool LoadFonts(ImGuiIO& io, const std::string& regular, const std::string& bold, float pixel_ratio,
               Fonts& out);

}  // namespace portal::app
