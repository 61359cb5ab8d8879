// What the app needs from its host (the browser, or a test harness). The browser
// implementation lives in src/platform/; tests use a fake. Chosen by CMake.
#pragma once

#include <string>

namespace portal::app {

class Platform {
  public:
    virtual ~Platform() = default;
    // Monotonic seconds.
    virtual double NowSeconds() = 0;
    // Puts the route in the address bar; push adds a history entry (back/forward).
    virtual void SetLocationHash(const std::string& hash, bool push) = 0;
    // Asks for frames to be drawn soon (data arrived, state changed).
    virtual void RequestRedraw() = 0;
    // Asks for one redraw after `seconds` (a retry timer, an animation step).
    virtual void RedrawAfter(double seconds) = 0;
};

}  // namespace portal::app
