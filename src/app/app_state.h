// The one application state. Views read it and change only their own throwaway UI fields;
// everything that talks to the server goes through AppController (app.h).
#pragma once

#include <string>

#include "api/health_json.h"
#include "app/remote.h"
#include "app/route.h"
#include "core/catalogue.h"

struct ImFont;

namespace portal::app {

struct Fonts {
    ImFont* body = nullptr;
    ImFont* heading = nullptr;
};

struct AppState {
    Route route;
    Remote<api::Health> health{"health"};
    Remote<Catalogue> catalogue{"catalogue"};

    // The latest failure the user was told about (window.portalState().lastError).
    api::ApiError last_error;
    bool has_error = false;
    // True while the server cannot be reached: the banner shows and retries run.
    bool offline = false;

    Fonts fonts;
    long long frame = 0;
    double first_data_frame_seconds = -1;  // NowSeconds() of the first frame showing API data
};

// What views may ask for. Implemented by App; views never call the API themselves.
class AppController {
  public:
    virtual ~AppController() = default;
    virtual void Navigate(const Route& route) = 0;
    virtual void RetryNow() = 0;  // every failed request, now
    virtual void Refresh() = 0;   // reload the current page's data
    virtual double Now() = 0;
};

}  // namespace portal::app
