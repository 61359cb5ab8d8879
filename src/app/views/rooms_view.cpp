#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

constexpr TextPair kTexts[] = {
    {"Rooms", "Salles"},
};

}  // namespace

std::span<const TextPair> RoomsTexts() {
    return kTexts;
}

void DrawRoomsPage(AppState& state, AppController&) {
    TextItem(state.tr("Rooms"));
}

}  // namespace portal::app
