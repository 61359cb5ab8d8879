// Every theme's colours against what they are drawn on (WCAG 2.2): text 4.5:1 (1.4.3), the
// parts of controls that say what they are (field borders, check marks, slider grabs) and the
// focus ring 3:1 (1.4.11, 2.4.7, 2.4.13's contrast). Themes: light (the default), high
// contrast (prefers-contrast: more), forced colours (forced-colors: active) from typical system
// colours, and the kiosk's light and dark sets of each.
#include <gtest/gtest.h>
#include <imgui.h>

#include <cstdio>
#include <string>
#include <vector>

#include "app/theme.h"

namespace portal::app::theme {
namespace {

ImVec4 Hex(unsigned rgb) {
    return ImVec4(((rgb >> 16) & 0xFF) / 255.0f, ((rgb >> 8) & 0xFF) / 255.0f,
                  (rgb & 0xFF) / 255.0f, 1.0f);
}
ImVec4 U(ImU32 colour) {
    return ImGui::ColorConvertU32ToFloat4(colour);
}

// `colour` (with its alpha) painted over the opaque `ground`.
ImVec4 Over(const ImVec4& colour, const ImVec4& ground) {
    float a = colour.w;
    return ImVec4(colour.x * a + ground.x * (1 - a), colour.y * a + ground.y * (1 - a),
                  colour.z * a + ground.z * (1 - a), 1.0f);
}

std::string Describe(const ImVec4& c) {
    char text[32];
    std::snprintf(text, sizeof text, "#%02X%02X%02X", static_cast<int>(c.x * 255 + 0.5f),
                  static_cast<int>(c.y * 255 + 0.5f), static_cast<int>(c.z * 255 + 0.5f));
    return text;
}

struct Theme {
    std::string name;
    Palette palette;
};

// Windows' high contrast themes ("Desert"-like black on white, "Night sky"-like white on
// black) and the light system colours of a browser without a theme.
SystemColors BlackOnWhite() {
    return {Hex(0xFFFFFF), Hex(0x000000), Hex(0xFFFFFF), Hex(0x000000),
            Hex(0x37006E), Hex(0xFFFFFF), Hex(0x600000), Hex(0x00009F)};
}
SystemColors WhiteOnBlack() {
    return {Hex(0x000000), Hex(0xFFFFFF), Hex(0x000000), Hex(0xFFFFFF),
            Hex(0x1AEBFF), Hex(0x000000), Hex(0x3FF23F), Hex(0xFFFF00)};
}
SystemColors BrowserDefaults() {
    return {Hex(0xFFFFFF), Hex(0x000000), Hex(0xEFEFEF), Hex(0x000000),
            Hex(0x3390FF), Hex(0xFFFFFF), Hex(0x6D6D6D), Hex(0x0000EE)};
}

std::vector<Theme> Themes() {
    return {{"light", LightPalette()},
            {"high contrast", HighContrastPalette()},
            {"forced colours, black on white", ForcedColorsPalette(BlackOnWhite())},
            {"forced colours, white on black", ForcedColorsPalette(WhiteOnBlack())},
            {"forced colours, browser defaults", ForcedColorsPalette(BrowserDefaults())}};
}

class Checker {
  public:
    explicit Checker(std::string theme) : theme_(std::move(theme)) {}
    void Text(const char* pair, const ImVec4& text, const ImVec4& ground) {
        Check(pair, text, ground, 4.5);
    }
    void Ui(const char* pair, const ImVec4& part, const ImVec4& ground) {
        Check(pair, part, ground, 3.0);
    }

  private:
    void Check(const char* pair, const ImVec4& fg, const ImVec4& ground, double minimum) {
        ImVec4 drawn = Over(fg, ground);
        double ratio = ContrastRatio(drawn, ground);
        EXPECT_GE(ratio, minimum) << theme_ << ": " << pair << " (" << Describe(drawn) << " on "
                                  << Describe(ground) << ") is " << ratio << ":1";
    }
    std::string theme_;
};

TEST(ThemeContrast, LuminanceAndRatioFollowWcag) {
    EXPECT_NEAR(RelativeLuminance(Hex(0xFFFFFF)), 1.0, 1e-9);
    EXPECT_NEAR(RelativeLuminance(Hex(0x000000)), 0.0, 1e-9);
    EXPECT_NEAR(ContrastRatio(Hex(0x000000), Hex(0xFFFFFF)), 21.0, 1e-9);
    EXPECT_NEAR(ContrastRatio(Hex(0xFFFFFF), Hex(0x000000)), 21.0, 1e-9);
    EXPECT_NEAR(ContrastRatio(Hex(0x767676), Hex(0xFFFFFF)), 4.54, 0.01);  // the classic grey
    EXPECT_NEAR(ContrastRatio(Hex(0x949494), Hex(0xFFFFFF)), 3.03, 0.01);
    EXPECT_EQ(TextOn(Rgb(240, 228, 66)), Rgb(0, 0, 0));
    EXPECT_EQ(TextOn(Rgb(0, 51, 153)), Rgb(255, 255, 255));
}

// WCAG 1.4.3: text against every ground it is drawn on, in every theme.
TEST(ThemeContrast, TextReadsOnEveryGround) {
    for (const Theme& theme : Themes()) {
        const Palette& p = theme.palette;
        const ImVec4* c = p.imgui;
        ImVec4 page = c[ImGuiCol_WindowBg];
        Checker check(theme.name);
        check.Text("Text on WindowBg", c[ImGuiCol_Text], page);
        check.Text("Text on PopupBg", c[ImGuiCol_Text], c[ImGuiCol_PopupBg]);
        for (auto [name, index] : {std::pair{"Button", ImGuiCol_Button},
                                   {"ButtonHovered", ImGuiCol_ButtonHovered},
                                   {"ButtonActive", ImGuiCol_ButtonActive},
                                   {"Header", ImGuiCol_Header},
                                   {"HeaderHovered", ImGuiCol_HeaderHovered},
                                   {"HeaderActive", ImGuiCol_HeaderActive},
                                   {"FrameBg", ImGuiCol_FrameBg},
                                   {"FrameBgHovered", ImGuiCol_FrameBgHovered},
                                   {"FrameBgActive", ImGuiCol_FrameBgActive},
                                   {"TableHeaderBg", ImGuiCol_TableHeaderBg},
                                   {"TableRowBgAlt", ImGuiCol_TableRowBgAlt},
                                   {"TextSelectedBg", ImGuiCol_TextSelectedBg}}) {
            check.Text(("Text on " + std::string(name)).c_str(), c[ImGuiCol_Text],
                       Over(c[index], page));
        }
        check.Text("Text on nav_background", c[ImGuiCol_Text], p.nav_background);
        check.Text("Text on banner_background", c[ImGuiCol_Text], p.banner_background);
        check.Text("Text on support_view_background", c[ImGuiCol_Text], p.support_view_background);
        check.Text("Text on internal_note_background", c[ImGuiCol_Text],
                   p.internal_note_background);
        // Muted text says things (a field's hint, a row's detail, a chart's axis).
        for (auto [name, ground] : {std::pair{"WindowBg", page},
                                    {"PopupBg", c[ImGuiCol_PopupBg]},
                                    {"nav_background", p.nav_background},
                                    {"TableRowBgAlt", Over(c[ImGuiCol_TableRowBgAlt], page)}}) {
            check.Text(("muted_text on " + std::string(name)).c_str(), p.muted_text, ground);
        }
        // ImGui's TextDisabled: the light themes keep it readable; forced colours use the
        // user's own GrayText, which WCAG exempts for inactive controls (1.4.3).
        if (p.kind != ThemeKind::ForcedColors) {
            check.Text("TextDisabled on WindowBg", c[ImGuiCol_TextDisabled], page);
        }
        check.Text("error_text on error_background", p.error_text, p.error_background);
        check.Text("error_text on WindowBg", p.error_text, page);
        check.Text("link_text on WindowBg", p.link_text, page);
        check.Text("ok on WindowBg", p.ok, page);
        check.Text("primary_button_text on primary_button", p.primary_button_text,
                   p.primary_button);
        check.Text("top_bar_text on top_bar", p.top_bar_text, p.top_bar);
        check.Text("top_bar_muted_text on top_bar", p.top_bar_muted_text, p.top_bar);
        check.Text("top_bar_text on top_bar_selected", p.top_bar_text, p.top_bar_selected);
        check.Text("top_bar_text on top_bar_hovered", p.top_bar_text, p.top_bar_hovered);
        check.Text("top_bar_warning on top_bar", p.top_bar_warning, p.top_bar);
        // The top bar's account list and user button: the page's text on a field, a button.
        check.Text("Text on FrameBg in the top bar", c[ImGuiCol_Text], c[ImGuiCol_FrameBg]);
        // Badges: the word on its colour (severities, ticket marks).
        for (auto [name, colour] : {std::pair{"vermillion", p.vermillion},
                                    {"orange", p.orange},
                                    {"yellow", p.yellow},
                                    {"sky_blue", p.sky_blue},
                                    {"light_grey", p.light_grey},
                                    {"grey", p.grey}}) {
            check.Text(("badge_text on " + std::string(name)).c_str(), U(p.badge_text), U(colour));
        }
    }
}

// WCAG 1.4.11 and 2.4.7: what shows a control and the keyboard focus, 3:1 against its ground.
TEST(ThemeContrast, ControlsAndFocusStandOut) {
    for (const Theme& theme : Themes()) {
        const Palette& p = theme.palette;
        const ImVec4* c = p.imgui;
        ImVec4 page = c[ImGuiCol_WindowBg];
        Checker check(theme.name);
        // A field's border, against the page around it (FrameBorderSize).
        EXPECT_GE(p.frame_border, 1.0f) << theme.name;
        for (auto [name, ground] : {std::pair{"WindowBg", page},
                                    {"PopupBg", c[ImGuiCol_PopupBg]},
                                    {"nav_background", p.nav_background},
                                    {"banner_background", p.banner_background},
                                    {"support_view_background", p.support_view_background},
                                    {"error_background", p.error_background}}) {
            check.Ui(("Border on " + std::string(name)).c_str(), c[ImGuiCol_Border], ground);
        }
        // The focus ring is drawn 3 px around the item, on what surrounds it.
        for (auto [name, ground] : {std::pair{"WindowBg", page},
                                    {"PopupBg", c[ImGuiCol_PopupBg]},
                                    {"nav_background", p.nav_background},
                                    {"banner_background", p.banner_background},
                                    {"support_view_background", p.support_view_background},
                                    {"internal_note_background", p.internal_note_background},
                                    {"error_background", p.error_background},
                                    {"Header (a selected row)", Over(c[ImGuiCol_Header], page)},
                                    {"TableRowBgAlt", Over(c[ImGuiCol_TableRowBgAlt], page)}}) {
            check.Ui(("NavHighlight on " + std::string(name)).c_str(), c[ImGuiCol_NavHighlight],
                     ground);
        }
        check.Ui("top_bar_focus on top_bar", p.top_bar_focus, p.top_bar);
        for (auto [name, ground] : {std::pair{"FrameBg", Over(c[ImGuiCol_FrameBg], page)},
                                    {"FrameBgHovered", Over(c[ImGuiCol_FrameBgHovered], page)},
                                    {"FrameBgActive", Over(c[ImGuiCol_FrameBgActive], page)}}) {
            check.Ui(("CheckMark on " + std::string(name)).c_str(), c[ImGuiCol_CheckMark], ground);
            check.Ui(("SliderGrab on " + std::string(name)).c_str(), c[ImGuiCol_SliderGrab],
                     ground);
        }
        // The current page's bar, the current tab's underline, the spinner.
        check.Ui("accent on WindowBg", p.accent, page);
        check.Ui("accent on nav_background", p.accent, p.nav_background);
        check.Ui("ScrollbarGrab on WindowBg", c[ImGuiCol_ScrollbarGrab], page);
    }
}

// The kiosk: a wall display of each theme's light and dark sets.
TEST(ThemeContrast, KioskReadsInEveryTheme) {
    for (const Theme& theme : Themes()) {
        const Palette& p = theme.palette;
        for (auto [set, k] :
             {std::pair{"kiosk light", p.kiosk_light}, {"kiosk dark", p.kiosk_dark}}) {
            Checker check(theme.name + ", " + set);
            check.Text("text on background", U(k.text), U(k.background));
            check.Text("text on tile", U(k.text), U(k.tile));
            check.Text("muted on background", U(k.muted), U(k.background));
            check.Text("muted on tile", U(k.muted), U(k.tile));
            check.Text("warning_text on warning", U(k.warning_text), U(k.warning));
            check.Ui("bar on track", U(k.bar), U(k.track));
            for (auto [name, colour] : {std::pair{"bluish_green", p.bluish_green},
                                        {"blue", p.blue},
                                        {"orange", p.orange},
                                        {"vermillion", p.vermillion},
                                        {"yellow", p.yellow},
                                        {"sky_blue", p.sky_blue},
                                        {"grey", p.grey}}) {
                check.Text(("a state's word (TextOn) on " + std::string(name)).c_str(),
                           U(TextOn(colour)), U(colour));
            }
        }
    }
}

// The preferences choose the theme: forced colours first, then more contrast.
TEST(ThemeContrast, PreferencesChooseTheTheme) {
    DisplayPreferences preferences;
    EXPECT_EQ(PaletteFor(preferences).kind, ThemeKind::Light);
    EXPECT_FALSE(PaletteFor(preferences).reduced_motion);
    preferences.more_contrast = true;
    EXPECT_EQ(PaletteFor(preferences).kind, ThemeKind::HighContrast);
    preferences.forced_colors = true;
    preferences.system = WhiteOnBlack();
    Palette forced = PaletteFor(preferences);
    EXPECT_EQ(forced.kind, ThemeKind::ForcedColors);
    // The system's colours, as they are: Canvas behind, CanvasText in front.
    EXPECT_EQ(Describe(forced.imgui[ImGuiCol_WindowBg]), "#000000");
    EXPECT_EQ(Describe(forced.imgui[ImGuiCol_Text]), "#FFFFFF");
    EXPECT_EQ(Describe(forced.top_bar), "#000000");
    preferences.reduced_motion = true;
    EXPECT_TRUE(PaletteFor(preferences).reduced_motion);
}

TEST(ThemeContrast, ReadsCssColours) {
    ImVec4 colour;
    ASSERT_TRUE(ParseCssColor("rgb(26, 235, 255)", colour));
    EXPECT_EQ(Describe(colour), "#1AEBFF");
    ASSERT_TRUE(ParseCssColor("rgba(0, 0, 0, 0)", colour));
    EXPECT_EQ(colour.w, 0.0f);
    ASSERT_TRUE(ParseCssColor("#37006e", colour));
    EXPECT_EQ(Describe(colour), "#37006E");
    EXPECT_FALSE(ParseCssColor("Canvas", colour));
    EXPECT_FALSE(ParseCssColor("", colour));
}

}  // namespace
}  // namespace portal::app::theme
