// Placeholder until the page lands.
#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

constexpr TextPair kTexts[] = {
    {"Coming soon", "Bientôt disponible"},
};

}  // namespace

std::span<const TextPair> PeopleTexts() {
    return kTexts;
}

void DrawPeoplePage(AppState& state, AppController&) {
    TextItem(state.tr("Coming soon"));
}

}  // namespace portal::app
