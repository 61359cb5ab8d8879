#include "platform/browser.h"

#include <emscripten.h>

namespace portal::platform::browser {

namespace {

// clang-format off
EM_JS(void, js_install_hooks, (void* shell), {
    window.portalItems = function() {
        return JSON.parse(UTF8ToString(Module._portal_items_json(shell)));
    };
    window.portalState = function() {
        return JSON.parse(UTF8ToString(Module._portal_state_json(shell)));
    };
    var report = function() {
        Module.ccall('portal_on_hash', null, ['number', 'string'], [shell, window.location.hash]);
    };
    window.addEventListener('hashchange', report);
    report();
});

EM_JS(void, js_set_hash, (const char* hash, int push), {
    var text = UTF8ToString(hash);
    if (window.location.hash === text) return;
    if (push) {
        window.location.hash = text;
    } else {
        history.replaceState(null, "", text);
    }
});

EM_JS(void, js_hide_loading, (), {
    if (typeof window.portalShell !== 'undefined') window.portalShell.ready();
});

EM_JS(void, js_fatal, (const char* message), {
    if (typeof window.portalShell !== 'undefined') window.portalShell.fail(UTF8ToString(message));
});
// clang-format on

}  // namespace

void InstallHooks(WebShell* shell) {
    js_install_hooks(shell);
}
void SetLocationHash(const std::string& hash, bool push) {
    js_set_hash(hash.c_str(), push);
}
void HideLoadingScreen() {
    js_hide_loading();
}
void ShowFatalError(const std::string& message) {
    js_fatal(message.c_str());
}

}  // namespace portal::platform::browser
