#include "platform/mirror_web.h"

#include <emscripten.h>

namespace portal::platform::mirror {

namespace {

// clang-format off
EM_JS(void, js_mirror_install, (void* shell), {
    if (window.portalMirror && window.portalMirror.attach) window.portalMirror.attach(shell);
    window.portalMirrorStats = function() {
        return JSON.parse(UTF8ToString(Module._portal_mirror_stats_json(shell)));
    };
});

EM_JS(void, js_mirror_apply, (const char* batch), {
    if (window.portalMirror) window.portalMirror.apply(UTF8ToString(batch));
});

EM_JS(void, js_mirror_announce, (const char* text, int assertive), {
    if (window.portalMirror) window.portalMirror.announce(UTF8ToString(text), assertive !== 0);
});

EM_JS(void, js_mirror_language, (const char* language), {
    if (window.portalMirror) window.portalMirror.setLanguage(UTF8ToString(language));
});
// clang-format on

}  // namespace

void Install(WebShell* shell) {
    js_mirror_install(shell);
}

void Publish(const std::string& batch) {
    js_mirror_apply(batch.c_str());
}

void Announce(const std::string& text, bool assertive) {
    js_mirror_announce(text.c_str(), assertive ? 1 : 0);
}

void SetLanguage(const std::string& language) {
    js_mirror_language(language.c_str());
}

}  // namespace portal::platform::mirror
