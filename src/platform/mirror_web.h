// The accessible mirror's page side, as the web platform sees it: the batches, announcements
// and language of app/platform.h handed to window.portalMirror (shell/mirror.js), which keeps
// the overlay of HTML elements over the canvas; nothing happens while mirror.js is absent.
#pragma once

#include <string>

namespace portal::platform {

class WebShell;

namespace mirror {

// Hands `shell` to window.portalMirror.attach (mirror.js calls back through
// Module._portal_a11y_activate / _portal_a11y_focus with it) and installs
// window.portalMirrorStats() (the C++ side's counters and times, for the benchmark).
void Install(WebShell* shell);
// window.portalMirror.apply(batch).
void Publish(const std::string& batch);
// window.portalMirror.announce(text, assertive).
void Announce(const std::string& text, bool assertive);
// window.portalMirror.setLanguage(language): <html lang>.
void SetLanguage(const std::string& language);

}  // namespace mirror
}  // namespace portal::platform
