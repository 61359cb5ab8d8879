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
    window.portalFrameTimes = function() {
        return JSON.parse(UTF8ToString(Module._portal_frame_times_json(shell)));
    };
    window.portalState = function() {
        return JSON.parse(UTF8ToString(Module._portal_state_json(shell)));
    };
    window.portalMemory = function() {
        return JSON.parse(UTF8ToString(Module._portal_memory_json(shell)));
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

EM_JS(char*, js_language, (), {
    var list = navigator.languages;
    var value = (list && list.length ? Array.prototype.join.call(list, ",") : navigator.language) || "";
    var size = lengthBytesUTF8(value) + 1;
    var out = _malloc(size);
    stringToUTF8(value, out, size);
    return out;
});

EM_JS(int, js_utc_offset_minutes, (double epoch_seconds), {
    return -new Date(epoch_seconds * 1000).getTimezoneOffset();
});

EM_JS(void, js_save_setting, (const char* key, const char* value), {
    try { window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});

EM_JS(void, js_copy_text, (const char* text), {
    var value = UTF8ToString(text);
    var fallback = function() {
        // Older browsers and pages without clipboard permission: a selected textarea and copy.
        // It takes the focus for a moment: give it back, or typing would stop.
        var focused = document.activeElement;
        var area = document.createElement("textarea");
        area.value = value;
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        try { document.execCommand("copy"); } catch (e) {}
        document.body.removeChild(area);
        if (focused && focused.focus) focused.focus({preventScroll: true});
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

EM_JS(void, js_download_url, (const char* url), {
    var link = document.createElement("a");
    link.href = UTF8ToString(url);
    link.download = "";  // the server's Content-Disposition names the file
    link.rel = "noopener";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
});

EM_JS(void, js_navigate, (const char* url), {
    window.location.assign(UTF8ToString(url));
});

EM_JS(void, js_pick_file, (void* shell, int request, const char* accept), {
    var input = document.createElement("input");
    input.type = "file";
    input.accept = UTF8ToString(accept);
    input.style.display = "none";
    var remove = function() {
        if (input.parentNode) input.parentNode.removeChild(input);
    };
    input.addEventListener("cancel", remove);
    input.addEventListener("change", function() {
        var file = input.files && input.files[0];
        remove();
        if (!file) return;
        // The bytes as they are on disk: no decoding here, so a BOM and any encoding reach C++.
        file.arrayBuffer().then(function(buffer) {
            var bytes = new Uint8Array(buffer);
            var data = _malloc(bytes.length + 1);
            var nameSize = lengthBytesUTF8(file.name) + 1;
            var name = _malloc(nameSize);
            // After both allocations: a growing heap replaces HEAPU8.
            HEAPU8.set(bytes, data);
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

EM_JS(int, js_is_apple, (), {
    var platform = (navigator.userAgentData && navigator.userAgentData.platform) ||
                   navigator.platform || "";
    return /Mac|iPhone|iPad|iPod/i.test(platform) ? 1 : 0;
});

EM_JS(void, js_install_text_input, (void* shell, int apple), {
    var canvas = Module["canvas"];
    var area = document.getElementById("text-input");
    if (!area) {
        area = document.createElement("textarea");
        area.id = "text-input";
        document.body.appendChild(area);
    }
    var text = {area: area, canvas: canvas, composing: false, copyable: false, released: false,
                x: -1, y: -1, height: -1};
    Module["portalTextInput"] = text;

    var send = function(name, value) {
        var size = lengthBytesUTF8(value) + 1;
        var data = _malloc(size);
        stringToUTF8(value, data, size);
        Module[name](shell, data);
        _free(data);
    };
    // What the field holds is handed to ImGui and removed, so each character goes exactly once;
    // never during a composition, which the IME is still editing in place.
    var flush = function() {
        if (text.composing || area.value === "") return;
        var value = area.value;
        area.value = "";
        send("_portal_on_text", value);
    };
    area.addEventListener("compositionstart", function() {
        text.composing = true;
        area.classList.add("composing");
    });
    area.addEventListener("compositionupdate", function(event) {
        // While composing the field shows what the IME has so far, over ImGui's caret.
        area.style.width = ((event.data || "").length + 2) + "em";
    });
    area.addEventListener("compositionend", function() {
        text.composing = false;
        area.classList.remove("composing");
        area.style.width = "";
        flush();
        // Some browsers update the value only after compositionend.
        setTimeout(flush, 0);
    });
    area.addEventListener("input", function(event) {
        if (event.isComposing || text.composing) return;
        if (event.inputType === "historyUndo" || event.inputType === "historyRedo") {
            area.value = "";  // the field's own undo would bring back text ImGui already has
            return;
        }
        flush();
    });
    area.addEventListener("keydown", function(event) {
        if (event.isComposing || event.keyCode === 229) return;  // keys the IME is using
        var shortcut = apple ? event.metaKey : event.ctrlKey;
        // Enter reaches ImGui as a key (validate, or a new line in a multi-line field): no "\n"
        // input besides. Undo and redo are ImGui's too. (GLFW already cancels Tab and Backspace.)
        var undo = event.key === "z" || event.key === "Z" || event.key === "y";
        if (event.key === "Enter" || (shortcut && undo)) event.preventDefault();
    });
    // A click on the canvas must not take the focus from the text field: after the frame that
    // sees the click, SyncTextInput decides which of the two has it.
    canvas.addEventListener("mousedown", function(event) {
        event.preventDefault();
        text.released = false;
        if (document.activeElement !== area) canvas.focus({preventScroll: true});
    });
    // A right click opens the portal's own menus (Copy name...), not the browser's over them.
    canvas.addEventListener("contextmenu", function(event) { event.preventDefault(); });

    // The system clipboard's text arrives with the paste event (no permission needed); the
    // field itself never receives it, so it is not typed a second time.
    document.addEventListener("paste", function(event) {
        var value = event.clipboardData ? event.clipboardData.getData("text/plain") : "";
        event.preventDefault();
        // Windows line ends become "\n" (EM_JS cannot hold escapes: character codes instead).
        var cr = String.fromCharCode(13), lf = String.fromCharCode(10);
        send("_portal_on_paste", value.split(cr + lf).join(lf).split(cr).join(lf));
    });
    // Copy and cut put what ImGui copies from the active field on the clipboard while the event
    // lasts, which every browser allows; outside a field the browser does as it always does.
    var copy = function(event) {
        var selection = Module._portal_copy_text(shell);
        if (!selection) return;
        event.preventDefault();
        if (event.clipboardData) event.clipboardData.setData("text/plain", UTF8ToString(selection));
    };
    document.addEventListener("copy", copy);
    document.addEventListener("cut", copy);
    // The hidden field holds no selection, so Chrome and Safari would not even send copy and
    // cut: a cancelled beforecopy / beforecut tells them the page copies itself.
    var enable = function(event) {
        if (text.copyable) event.preventDefault();
    };
    document.addEventListener("beforecopy", enable);
    document.addEventListener("beforecut", enable);

    if (apple) {
        // While Cmd is held, macOS browsers send no keyup for the other keys: release them
        // with Cmd, or GLFW and ImGui would think them held (and drop the next press as a repeat).
        window.addEventListener("keyup", function(event) {
            if (event.key !== "Meta" || typeof GLFW === "undefined" || !GLFW.active) return;
            var keys = GLFW.active.domKeys;
            for (var code = 0; code < keys.length; ++code) {
                if (keys[code]) GLFW.onKeyChanged(code, 0);
            }
        }, true);
    }
});

EM_JS(void, js_sync_text_input,
      (int active, int read_only, int secret, float x, float y, float height), {
    var text = Module["portalTextInput"];
    if (!text) return;
    var area = text.area;
    text.copyable = active !== 0 && secret === 0;
    if (active) {
        if (text.x !== x || text.y !== y || text.height !== height) {
            text.x = x;
            text.y = y;
            text.height = height;
            area.style.left = x + "px";
            area.style.top = y + "px";
            area.style.height = height + "px";
            area.style.fontSize = Math.max(1, height * 0.85) + "px";
            area.style.lineHeight = height + "px";
        }
        area.readOnly = read_only !== 0;
        // Not while Tab has taken the keys out of the page (shell/mirror.js sets `released`),
        // nor from another control of the accessible mirror that the user moved to (the field
        // ends a frame later).
        var mirror = window.portalMirror;
        if (document.activeElement !== area && !text.released &&
            !(mirror && !mirror.textFocusAllowed())) {
            area.focus({preventScroll: true});
        }
    } else {
        text.released = false;
        if (document.activeElement === area) {
            area.value = "";
            // The keys go to the field's element in the accessible mirror, where Tab goes on
            // from; to the canvas when there is none.
            var mirror = window.portalMirror;
            if (!(mirror && mirror.restoreFocus())) text.canvas.focus({preventScroll: true});
        }
    }
});

EM_JS(int, js_text_input_focused, (), {
    var text = Module["portalTextInput"];
    return text && document.activeElement === text.area ? 1 : 0;
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
std::string Language() {
    char* value = js_language();
    std::string out = value ? value : "";
    free(value);
    return out;
}
int UtcOffsetMinutes(double epoch_seconds) {
    return js_utc_offset_minutes(epoch_seconds);
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
void DownloadUrl(const std::string& url) {
    js_download_url(url.c_str());
}
void Navigate(const std::string& url) {
    js_navigate(url.c_str());
}
void PickFile(WebShell* shell, int request, const std::string& accept) {
    js_pick_file(shell, request, accept.c_str());
}
bool IsApplePlatform() {
    return js_is_apple() != 0;
}
void InstallTextInput(WebShell* shell) {
    js_install_text_input(shell, IsApplePlatform() ? 1 : 0);
}
void SyncTextInput(bool active, bool read_only, bool secret, float x, float y, float line_height) {
    js_sync_text_input(active ? 1 : 0, read_only ? 1 : 0, secret ? 1 : 0, x, y, line_height);
}
bool TextInputFocused() {
    return js_text_input_focused() != 0;
}

}  // namespace portal::platform::browser
