#include "platform/browser.h"

#include <emscripten.h>

#include <cstdlib>

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

EM_JS(char*, js_load_setting, (const char* key), {
    var value = "";
    try { value = window.localStorage.getItem(UTF8ToString(key)) || ""; } catch (e) {}
    var size = lengthBytesUTF8(value) + 1;
    var out = _malloc(size);
    stringToUTF8(value, out, size);
    return out;
});

EM_JS(void, js_save_setting, (const char* key, const char* value), {
    try { window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});

EM_JS(void, js_copy_text, (const char* text), {
    var value = UTF8ToString(text);
    var fallback = function() {
        // Older browsers and pages without clipboard permission: a selected textarea and copy.
        var area = document.createElement("textarea");
        area.value = value;
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        try { document.execCommand("copy"); } catch (e) {}
        document.body.removeChild(area);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(value).catch(fallback);
    } else {
        fallback();
    }
});

EM_JS(void, js_download, (const char* name, const char* mime, const char* data, int size), {
    var bytes = HEAPU8.slice(data, data + size);
    var blob = new Blob([bytes], {type: UTF8ToString(mime)});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = UTF8ToString(name);
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function() { URL.revokeObjectURL(link.href); }, 10000);
});

EM_JS(void, js_pick_file, (void* shell, int request, const char* accept), {
    var input = document.createElement("input");
    input.type = "file";
    input.accept = UTF8ToString(accept);
    input.style.display = "none";
    input.addEventListener("change", function() {
        var file = input.files && input.files[0];
        document.body.removeChild(input);
        if (!file) return;
        file.arrayBuffer().then(function(buffer) {
            var bytes = new Uint8Array(buffer);
            var data = _malloc(bytes.length + 1);
            HEAPU8.set(bytes, data);
            var nameSize = lengthBytesUTF8(file.name) + 1;
            var name = _malloc(nameSize);
            stringToUTF8(file.name, name, nameSize);
            Module._portal_on_file(shell, request, name, data, bytes.length);
            _free(name);
            _free(data);
        });
    });
    document.body.appendChild(input);
    window.portalLastFileInput = input;  // for browser tests: setInputFiles on it
    input.click();
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
std::string LoadSetting(const std::string& key) {
    char* value = js_load_setting(key.c_str());
    std::string out = value ? value : "";
    free(value);
    return out;
}
void SaveSetting(const std::string& key, const std::string& value) {
    js_save_setting(key.c_str(), value.c_str());
}
void CopyText(const std::string& text) {
    js_copy_text(text.c_str());
}
void DownloadFile(const std::string& name, const std::string& mime, const std::string& content) {
    js_download(name.c_str(), mime.c_str(), content.data(), static_cast<int>(content.size()));
}
void PickFile(WebShell* shell, int request, const std::string& accept) {
    js_pick_file(shell, request, accept.c_str());
}

}  // namespace portal::platform::browser
