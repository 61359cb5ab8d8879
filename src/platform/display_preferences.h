// The browser's display preferences, read with matchMedia and followed while the page lives:
// forced-colors: active (with the system colours, read from the CSS keywords Canvas,
// CanvasText, ButtonFace, ButtonText, Highlight, HighlightText, GrayText and LinkText),
// prefers-contrast: more and prefers-reduced-motion: reduce. Each change is reported through
// portal_on_display_preferences(shell, flags, colours) (web_main.cpp).
#pragma once

#include <string>

#include "app/theme.h"

namespace portal::platform {

class WebShell;

namespace display_preferences {

// Flags of portal_on_display_preferences.
constexpr int kForcedColors = 1;
constexpr int kMoreContrast = 2;
constexpr int kReducedMotion = 4;

// Reports the preferences once now, then on each change.
void Install(WebShell* shell);

// `flags` (above) and the eight system colours as getComputedStyle gives them, separated by
// ';' in the order of theme::SystemColors; a colour that does not parse keeps its default.
app::theme::DisplayPreferences Parse(int flags, const std::string& colors);

}  // namespace display_preferences
}  // namespace portal::platform
