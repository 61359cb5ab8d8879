// Colours and style. High contrast text, one accent, colours that stay distinct for
// colour-blind users (blue / orange rather than red / green pairs).
#pragma once

#include <imgui.h>

namespace portal::app::theme {

inline const ImVec4 kAccent{0.09f, 0.40f, 0.80f, 1.0f};
inline const ImVec4 kMutedText{0.36f, 0.39f, 0.44f, 1.0f};
inline const ImVec4 kErrorText{0.70f, 0.16f, 0.05f, 1.0f};
inline const ImVec4 kErrorBackground{1.0f, 0.95f, 0.92f, 1.0f};
inline const ImVec4 kBannerBackground{0.99f, 0.90f, 0.72f, 1.0f};
inline const ImVec4 kTopBar{0.11f, 0.16f, 0.24f, 1.0f};
inline const ImVec4 kTopBarText{0.96f, 0.97f, 0.99f, 1.0f};
inline const ImVec4 kNavBackground{0.94f, 0.95f, 0.97f, 1.0f};
inline const ImVec4 kOk{0.09f, 0.40f, 0.80f, 1.0f};
inline const ImVec4 kWarn{0.85f, 0.45f, 0.0f, 1.0f};
// An operator reading a customer's account (read-only), and an operator's internal note: set
// apart from what customers see.
inline const ImVec4 kSupportViewBackground{0.86f, 0.92f, 1.0f, 1.0f};
inline const ImVec4 kInternalNoteBackground{1.0f, 0.96f, 0.80f, 1.0f};

void Apply(ImGuiStyle& style);

}  // namespace portal::app::theme
