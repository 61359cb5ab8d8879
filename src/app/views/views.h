// One function per view; each takes the state it needs by reference.
#pragma once

#include "app/app_state.h"

namespace portal::app {

// The whole window: top bar, left navigation, connection banner, and the current page.
void DrawShell(AppState& state, AppController& controller);

void DrawOverviewPage(AppState& state, AppController& controller);
// Pages whose capability has not landed yet: what they will hold, and why not yet.
void DrawComingPage(AppState& state, Page page);
void DrawNotFoundPage(AppState& state, AppController& controller);

// The navigation's label of a page ("Service Orders").
const char* PageTitle(Page page);

}  // namespace portal::app
