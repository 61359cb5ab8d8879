#include "platform/display_preferences.h"

#include <emscripten.h>

#include <sstream>

namespace portal::platform::display_preferences {

namespace {

// clang-format off
EM_JS(void, js_install_display_preferences, (void* shell), {
    var queries = {
        forced: window.matchMedia('(forced-colors: active)'),
        contrast: window.matchMedia('(prefers-contrast: more)'),
        motion: window.matchMedia('(prefers-reduced-motion: reduce)'),
        // The system colours of forced colours change with the light or dark scheme.
        scheme: window.matchMedia('(prefers-color-scheme: dark)')
    };
    var probe = document.createElement('span');
    probe.setAttribute('aria-hidden', 'true');
    probe.style.cssText = 'position:absolute;width:0;height:0;overflow:hidden;' +
                          'forced-color-adjust:none';
    var keywords = ['Canvas', 'CanvasText', 'ButtonFace', 'ButtonText', 'Highlight',
                    'HighlightText', 'GrayText', 'LinkText'];
    var report = function() {
        var flags = (queries.forced.matches ? 1 : 0) | (queries.contrast.matches ? 2 : 0) |
                    (queries.motion.matches ? 4 : 0);
        document.body.appendChild(probe);
        var colours = keywords.map(function(keyword) {
            probe.style.color = keyword;
            return getComputedStyle(probe).color;
        }).join(';');
        probe.remove();
        Module.ccall('portal_on_display_preferences', null, ['number', 'number', 'string'],
                     [shell, flags, colours]);
    };
    Object.keys(queries).forEach(function(name) {
        queries[name].addEventListener('change', report);
    });
    report();
});
// clang-format on

}  // namespace

void Install(WebShell* shell) {
    js_install_display_preferences(shell);
}

app::theme::DisplayPreferences Parse(int flags, const std::string& colors) {
    app::theme::DisplayPreferences preferences;
    preferences.forced_colors = flags & kForcedColors;
    preferences.more_contrast = flags & kMoreContrast;
    preferences.reduced_motion = flags & kReducedMotion;
    app::theme::SystemColors& s = preferences.system;
    ImVec4* fields[] = {&s.canvas,    &s.canvas_text,    &s.button_face, &s.button_text,
                        &s.highlight, &s.highlight_text, &s.gray_text,   &s.link_text};
    std::istringstream list(colors);
    std::string item;
    for (ImVec4* field : fields) {
        if (!std::getline(list, item, ';')) break;
        ImVec4 colour;
        if (app::theme::ParseCssColor(item, colour))
            *field = ImVec4(colour.x, colour.y, colour.z, 1);
    }
    return preferences;
}

}  // namespace portal::platform::display_preferences
