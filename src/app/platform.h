// What the app needs from its host (the browser, or a test harness). The browser
// implementation lives in src/platform/; tests use a fake. Chosen by CMake.
#pragma once

#include <functional>
#include <string>

namespace portal::app {

class Platform {
  public:
    virtual ~Platform() = default;
    // Monotonic seconds.
    virtual double NowSeconds() = 0;
    // Seconds since 1970-01-01 UTC, for "today".
    virtual double EpochSeconds() = 0;
    // Puts the route in the address bar; push adds a history entry (back/forward).
    virtual void SetLocationHash(const std::string& hash, bool push) = 0;
    // Asks for frames to be drawn soon (data arrived, state changed).
    virtual void RequestRedraw() = 0;
    // Asks for one redraw after `seconds` (a retry timer, an animation step).
    virtual void RedrawAfter(double seconds) = 0;

    // Settings remembered by this browser (the language); "" when never saved.
    virtual std::string LoadSetting(const std::string& key) = 0;
    virtual void SaveSetting(const std::string& key, const std::string& value) = 0;

    // The system clipboard.
    virtual void CopyText(const std::string& text) = 0;
    // Offers `content` as a download named `name`.
    virtual void DownloadFile(const std::string& name, const std::string& mime,
                              const std::string& content) = 0;
    // Saves what a same-origin GET of `url` answers (with the session's cookie) as a download,
    // named as the answer's Content-Disposition says: a ticket's attachment, without its bytes
    // passing through the app.
    virtual void DownloadUrl(const std::string& url) = 0;
    // Leaves the app for `url` (window.location.assign): the start of a single sign-on (a
    // same-origin path that redirects to the identity provider), or the provider's sign-out page.
    virtual void Navigate(const std::string& url) = 0;
    // Opens the file dialog; `picked` runs later, on the main thread, with the name and bytes.
    virtual void PickFile(const std::string& accept,
                          std::function<void(std::string, std::string)> picked) = 0;

    // The accessible mirror (issue 17). One batch per frame that changed it: the JSON of the
    // changes (test_bridge.h), for the page's overlay of HTML elements.
    virtual void PublishAccessibility(const std::string& batch) = 0;
    // Says `text` in the page's live region: polite, or assertive (an error).
    virtual void Announce(const std::string& text, bool assertive) = 0;
    // The page's language (<html lang>): "en" or "fr".
    virtual void SetDocumentLanguage(const std::string& language) = 0;
};

}  // namespace portal::app
