#include "app/widgets.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

#include "app/test_bridge.h"
#include "app/theme.h"
#include "app/views/views.h"

namespace portal::app {

namespace {

void Publish(const char* text) {
    if (auto* bridge = static_cast<TestBridge*>(ImGui::GetCurrentContext()->TestEngine)) {
        bridge->RecordLastItemText(text);
    }
}

constexpr TextPair kTexts[] = {
    {"The server cannot be reached. Check your connection; the portal keeps trying.",
     "Le serveur est injoignable. Vérifiez votre connexion ; le portail réessaie."},
    {"The server's answer could not be read.", "La réponse du serveur est illisible."},
    {"The server answered with an error.", "Le serveur a répondu par une erreur."},
    {"(the server had a problem; the portal keeps trying)",
     "(le serveur a eu un problème ; le portail réessaie)"},
    {"The server's storage is full, failing or restarting. Nothing was changed; try again in a "
     "minute.",
     "Le stockage du serveur est plein, en panne ou en redémarrage. Rien n'a été modifié ; "
     "réessayez dans une minute."},
    {"Loading {0}…", "Chargement : {0}…"},
    {"Shown as last loaded: the server cannot be reached right now.",
     "Affiché tel que chargé la dernière fois : le serveur est injoignable pour l'instant."},
    {"Could not load {0}.", "Impossible de charger : {0}."},
    {"Retry", "Réessayer"},
    {"Actions", "Actions"},
    {"Trying again…", "Nouvel essai…"},
    {"Next attempt in {0} s", "Prochain essai dans {0} s"},
    {"Read-only access: an admin of this account can make this change.",
     "Accès en lecture seule : un administrateur de ce compte peut faire ce changement."},
    {"Vendor support view: read-only, nothing of this account can be changed.",
     "Vue du support éditeur : lecture seule, rien de ce compte ne peut être modifié."},
};

}  // namespace

std::span<const TextPair> WidgetTexts() {
    return kTexts;
}

void TextItem(const char* text) {
    ImGui::TextUnformatted(text);
    Publish(text);
}

void TextItem(const std::string& text) {
    TextItem(text.c_str());
}

void HeadingItem(const AppState& state, const char* text, int level) {
    if (state.fonts.heading) ImGui::PushFont(state.fonts.heading);
    TextItem(text);
    if (level > 0) a11y::SetHeadingLevel(level);
    if (state.fonts.heading) ImGui::PopFont();
}

void MutedText(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().muted_text);
    TextItem(text);
    ImGui::PopStyleColor();
}

void MutedText(const std::string& text) {
    MutedText(text.c_str());
}

void ErrorText(const std::string& text, float wrap_pos_x) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().error_text);
    ImGui::PushTextWrapPos(wrap_pos_x);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    Publish(text.c_str());
}

void Spinner(double now_seconds) {
    float size = ImGui::GetTextLineHeight();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(size, size));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 centre(pos.x + size * 0.5f, pos.y + size * 0.5f);
    float radius = size * 0.4f;
    // Reduced motion (prefers-reduced-motion): a still arc, no frames asked for it.
    float start = theme::Colors().reduced_motion
                      ? 0.0f
                      : static_cast<float>(std::fmod(now_seconds * 6.0, 2.0 * IM_PI));
    draw->PathArcTo(centre, radius, start, start + IM_PI * 1.4f, 16);
    draw->PathStroke(ImGui::GetColorU32(theme::Colors().accent), 0, size * 0.14f);
}

std::string DescribeFailure(const Translator& tr, api::Failure failure,
                            const api::ApiError& error) {
    switch (failure) {
        case api::Failure::None:
            return {};
        case api::Failure::Network:
            return tr(
                "The server cannot be reached. Check your connection; the portal keeps "
                "trying.");
        case api::Failure::Parse:
            return std::string(tr("The server's answer could not be read.")) + " " + error.message;
        case api::Failure::Http:
            break;
    }
    // The server's own sentence is English; the one failure a user can act on (wait, then
    // try again) is said in their language.
    std::string text =
        error.code == "storage_unavailable"
            ? tr("The server's storage is full, failing or restarting. Nothing was changed; try "
                 "again in a minute.")
        : error.message.empty() ? tr("The server answered with an error.")
                                : error.message;
    if (!error.rule.empty()) text += " (" + error.rule + ")";
    if (error.status >= 500)
        text += std::string(" ") + tr("(the server had a problem; the portal keeps trying)");
    return text;
}

bool DrawRemoteStatus(const AppState& state, const RemoteBase& remote, const char* what,
                      AppController& controller) {
    const Translator& tr = state.tr;
    bool has_value = remote.has_value();
    // A retry after a failure keeps the error on screen (no flicker to a spinner and back).
    bool retrying = remote.status == RequestStatus::Loading && remote.failure != api::Failure::None;
    if (remote.status == RequestStatus::Loading && !has_value && !retrying) {
        Spinner(controller.Now());
        ImGui::SameLine();
        MutedText(Format(tr("Loading {0}…"), {tr(what)}));
        return false;
    }
    if (has_value && remote.failure == api::Failure::Network) {
        // The offline banner already says the server is gone; the page keeps its data.
        MutedText(tr("Shown as last loaded: the server cannot be reached right now."));
        return true;
    }
    if (remote.status == RequestStatus::Failed || retrying) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::Colors().error_background);
        ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 6.0f);
        std::string id = std::string("error##") + what;
        ImGui::BeginChild(id.c_str(), ImVec2(0, 0),
                          ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY |
                              ImGuiChildFlags_AlwaysUseWindowPadding);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().error_text);
        TextItem(Format(tr("Could not load {0}."), {tr(what)}));
        ImGui::PopStyleColor();
        TextItem(DescribeFailure(tr, remote.failure, remote.error));
        std::string button = std::string(tr("Retry")) + "##" + what;
        ImGui::BeginDisabled(retrying);
        if (ImGui::Button(button.c_str())) controller.RetryNow();
        ImGui::EndDisabled();
        if (retrying) {
            ImGui::SameLine();
            MutedText(tr("Trying again…"));
        } else if (remote.retry_at > 0) {
            ImGui::SameLine();
            int seconds = static_cast<int>(std::ceil(remote.retry_at - controller.Now()));
            MutedText(seconds > 0 ? Format(tr("Next attempt in {0} s"), {std::to_string(seconds)})
                                  : std::string(tr("Trying again…")));
        }
        ImGui::EndChild();
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
    }
    return has_value;
}

void Badge(const std::string& text, ImU32 background, ImU32 foreground) {
    constexpr float kPad = 5.0f;
    const theme::Palette& palette = theme::Colors();
    if (foreground == 0) foreground = palette.badge_text;
    ImVec2 size = ImGui::CalcTextSize(text.c_str());
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float top = pos.y + ImGui::GetCurrentWindow()->DC.CurrLineTextBaseOffset - 1.0f;
    ImVec2 min(pos.x, top), max(pos.x + size.x + 2 * kPad, top + size.y + 2.0f);
    ImGui::GetWindowDrawList()->AddRectFilled(min, max, background, 3.0f);
    if (palette.badge_border) {
        ImGui::GetWindowDrawList()->AddRect(min, max, palette.badge_border, 3.0f);
    }
    ImGui::SetCursorScreenPos(ImVec2(pos.x + kPad, pos.y));
    ImGui::PushStyleColor(ImGuiCol_Text, foreground);
    TextItem(text);
    ImGui::PopStyleColor();
}

bool CompactButton(const char* label) {
    constexpr float kTarget = 24.0f;
    float padding = std::max(0.0f, (kTarget - ImGui::GetFontSize()) * 0.5f);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                        ImVec2(ImGui::GetStyle().FramePadding.x, padding));
    bool pressed = ImGui::Button(label);
    ImGui::PopStyleVar();
    return pressed;
}

bool ActionButton(const char* label, const std::string& why_not) {
    ImGui::BeginDisabled(!why_not.empty());
    bool pressed = ImGui::Button(label);
    ImGui::EndDisabled();
    // The tooltip is for the mouse; a screen reader says the reason with the button.
    if (why_not.find_first_not_of(' ') != std::string::npos) a11y::SetDescription(why_not);
    if (!why_not.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::SetTooltip("%s", why_not.c_str());
    }
    return pressed && why_not.empty();
}

std::string CatalogueLabel(const AppState& state, std::string_view kind, std::string_view id) {
    if (!state.catalogue.value) return std::string(id);
    return state.catalogue.value->Label(kind, id, state.tr.french());
}

bool EmptyState(const AppState& state, const char* title, const char* explanation,
                const char* action_label) {
    ImGui::PushID(title);
    ImGui::Spacing();
    TextItem(state.tr(title));
    ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().muted_text);
    ImGui::PushTextWrapPos(0.0f);
    const char* sentence = state.tr(explanation);
    ImGui::TextUnformatted(sentence);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    Publish(sentence);
    bool pressed = false;
    if (action_label && *action_label && state.CanEdit()) {
        ImGui::PushStyleColor(ImGuiCol_Button, theme::Colors().primary_button);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().primary_button_text);
        pressed = ImGui::Button(state.tr(action_label));
        ImGui::PopStyleColor(2);
    }
    ImGui::Spacing();
    ImGui::PopID();
    return pressed;
}

std::string ReadOnlyReason(const AppState& state) {
    if (state.CanEdit()) return {};
    if (state.SupportView()) {
        return state.tr("Vendor support view: read-only, nothing of this account can be changed.");
    }
    return state.tr("Read-only access: an admin of this account can make this change.");
}

void SubmissionError(const AppState& state, const Submission& submission) {
    if (!submission.failed()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().error_text);
    ImGui::PushTextWrapPos(0.0f);
    std::string text = DescribeFailure(state.tr, submission.failure, submission.error);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    Publish(text.c_str());
}

void FieldErrorText(const Submission& submission, const char* field) {
    const std::string* message = submission.FieldError(field);
    if (!message) return;
    FieldErrorText(*message);
}

void FieldErrorText(const std::string& message) {
    if (message.empty()) return;
    // The field is still the last item: it says its error before the error's text is drawn.
    MarkInvalid(message);
    ErrorText(message);
}

void MarkInvalid(std::string_view why) {
    if (why.empty()) return;
    a11y::AddStates(a11y::state::kInvalid);
    a11y::SetDescription(why);
}

void FormError(const AppState& state, const Submission& submission,
               std::initializer_list<const char*> shown_fields) {
    if (!submission.failed()) return;
    if (submission.error.fields.empty()) {
        SubmissionError(state, submission);
        return;
    }
    for (const api::FieldError& problem : submission.error.fields) {
        bool shown = std::any_of(shown_fields.begin(), shown_fields.end(),
                                 [&](const char* field) { return problem.field == field; });
        if (!shown) ErrorText(problem.field + ": " + problem.message);
    }
}

bool HeadingWithAction(const AppState& state, const char* heading, const char* action,
                       const std::string& why_not) {
    ImGui::AlignTextToFramePadding();
    HeadingItem(state, heading);
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 16.0f,
                             ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(action).x -
                                 ImGui::GetStyle().FramePadding.x * 2));
    return ActionButton(action, why_not);
}

void TextCell(const char* text) {
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    TextItem(text);
}

void TextCell(const std::string& text) {
    TextCell(text.c_str());
}

void NameLastItem(const char* label, bool checkable, bool checked) {
    if (auto* bridge = static_cast<TestBridge*>(ImGui::GetCurrentContext()->TestEngine)) {
        bridge->OnItemInfo(ImGui::GetItemID(), label, checkable, checked);
    }
    a11y::SetName(VisibleLabel(label));
}

bool RadioItem(const char* label, bool active) {
    bool pressed = ImGui::RadioButton(label, active);
    a11y::SetRole(a11y::Role::Radio);
    if (active) a11y::AddStates(a11y::state::kChecked);
    return pressed;
}

bool LabeledInput(const char* label, const char* id, char* buffer, size_t size, int flags,
                  float width) {
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(width);
    bool changed = ImGui::InputText(id, buffer, size, flags & ~kRequiredField);
    NameLastItem(label);
    if (flags & ImGuiInputTextFlags_Password) {
        a11y::AddStates(a11y::state::kSecret);
    } else {
        a11y::SetValue(buffer);
    }
    if (flags & kRequiredField) a11y::AddStates(a11y::state::kRequired);
    return changed;
}

namespace {

// ImGui asks for a bigger buffer as the text grows: the string is it.
int ResizeString(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* text = static_cast<std::string*>(data->UserData);
        text->resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = text->data();
    }
    return 0;
}

}  // namespace

bool LabeledMultiline(const char* label, const char* id, std::string& text, float height,
                      float width, bool required) {
    ImGui::TextUnformatted(label);
    // ImGui writes the terminating NUL in the buffer: the string's own one, past size().
    bool changed =
        ImGui::InputTextMultiline(id, text.data(), text.capacity() + 1, ImVec2(width, height),
                                  ImGuiInputTextFlags_CallbackResize, ResizeString, &text);
    NameLastItem(label);
    a11y::AddStates(a11y::state::kMultiline | (required ? a11y::state::kRequired : 0u));
    a11y::SetValue(text);
    return changed;
}

bool EnterPressed() {
    return ImGui::IsKeyPressed(ImGuiKey_Enter, false) ||
           ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false);
}

bool EscapePressed() {
    return ImGui::IsKeyPressed(ImGuiKey_Escape, false);
}

bool EscapeInWindow() {
    // Not while a list opened from it (a combo's popup) has the keyboard: Escape closes that.
    return EscapePressed() && ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows |
                                                     ImGuiFocusedFlags_NoPopupHierarchy);
}

void BeginPanel(const AppState& state, const char* id, const char* title) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::Colors().nav_background);
    ImGui::BeginChild(id, ImVec2(0, 0),
                      ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY |
                          ImGuiChildFlags_AlwaysUseWindowPadding);
    HeadingItem(state, title);
}

void EndPanel() {
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

bool BeginListTable(const Translator& tr, const char* id, std::span<const ListColumn> columns,
                    float actions_width) {
    ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    int count = static_cast<int>(columns.size()) + (actions_width > 0.0f ? 1 : 0);
    if (!ImGui::BeginTable(id, count, flags)) return false;
    for (const ListColumn& column : columns) {
        ImGui::TableSetupColumn(tr(column.label), 0, column.weight);
    }
    if (actions_width > 0.0f) {
        ImGui::TableSetupColumn(
            tr("Actions"), ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoHeaderLabel,
            actions_width);
    }
    HeadersRow();
    return true;
}

bool BeginListRows(const char* id) {
    return ImGui::BeginTable(id, 1, ImGuiTableFlags_None);
}

void ListRow(int index, int count) {
    ImGui::TableNextRow();
    a11y::TableRow(index, count);
    ImGui::TableNextColumn();
}

void HeadersRow(bool label_items) {
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers, ImGui::TableGetHeaderRowHeight());
    int columns = ImGui::TableGetColumnCount();
    for (int column = 0; column < columns; ++column) {
        if (!ImGui::TableSetColumnIndex(column)) continue;
        const char* name = ImGui::TableGetColumnName(column);
        bool hidden = (ImGui::TableGetColumnFlags(column) & ImGuiTableColumnFlags_NoHeaderLabel);
        ImGui::PushID(column);
        ImGui::TableHeader(hidden ? "" : name);
        // The mirror always has the column's name; window.portalItems() only when asked (a
        // sortable list whose tests click its headers), so "Name" stays a form's field there.
        if (label_items && !hidden) {
            NameLastItem(name);
        } else {
            a11y::SetName(name);
        }
        ImGui::PopID();
    }
}

}  // namespace portal::app
