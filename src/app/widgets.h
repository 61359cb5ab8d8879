// Small drawing helpers shared by the views.
#pragma once

#include <imgui.h>

#include <initializer_list>
#include <span>
#include <string>

#include "app/a11y.h"
#include "app/app_state.h"

namespace portal::app {

// Text that matters (data, messages): drawn and published to the item tree.
void TextItem(const char* text);
void TextItem(const std::string& text);
// A heading in the heading font; `level` is what a screen reader is told: 1 for the page's
// title, 2 for a section of it (a panel's title, a list's heading), 0 for text that only looks
// like a heading (the portal's name in the top bar).
void HeadingItem(const AppState& state, const char* text, int level = 2);
void MutedText(const char* text);
void MutedText(const std::string& text);
// wrap_pos_x: where lines wrap, in window coordinates (0: the window's edge).
void ErrorText(const std::string& text, float wrap_pos_x = 0.0f);
// A spinner sized to the current line.
void Spinner(double now_seconds);

// Draws what a request's status means for the page: a spinner while the first load runs, an
// error panel with Retry when it failed. Returns true when a value is there to draw (possibly
// stale while a reload runs or after it failed). `what` is English; it is translated.
bool DrawRemoteStatus(const AppState& state, const RemoteBase& remote, const char* what,
                      AppController& controller);

// A sentence telling the user what went wrong, without codes: the server's sentence (in the
// chosen language), and the rule's id when a rule refused.
std::string DescribeFailure(const Translator& tr, api::Failure failure, const api::ApiError& error);

// A word on a coloured ground (a severity, a mark), published like any text. The ground is
// drawn where the text will be: lower than the cursor on a line aligned to framed items (a
// table row with buttons).
// `foreground` 0: the palette's badge text (theme::Palette::badge_text).
void Badge(const std::string& text, ImU32 background, ImU32 foreground = 0);

// A button that changes something. Disabled, with a tooltip saying why, when `why_not` is
// not empty (a read-only user, a rule the engine already knows will refuse).
bool ActionButton(const char* label, const std::string& why_not = {});

// A button in a table row or on a line of text, 24 CSS px tall: the least target size (WCAG
// 2.5.8), where ImGui's SmallButton is 15 px.
bool CompactButton(const char* label);
// Why a read-only member cannot press a button, or "" for admins.
std::string ReadOnlyReason(const AppState& state);

// A failed submission: its sentence (and each field's) in the error colour.
void SubmissionError(const AppState& state, const Submission& submission);
// The error of one field, under the field. Call right after the field: the field is marked
// invalid with the error as its description, so a screen reader says both with the field.
void FieldErrorText(const Submission& submission, const char* field);
// The same for an error the form finds itself ("Enter an email address."); nothing when empty.
void FieldErrorText(const std::string& message);
// Marks the last item (a field) invalid with `why` as its description, drawing nothing: for a
// field whose error is drawn further down. Nothing when `why` is empty.
void MarkInvalid(std::string_view why);
// A form's failed submission: the field errors the form does not show next to a field (those
// named in `shown_fields`), or its sentence when no field is named.
void FormError(const AppState& state, const Submission& submission,
               std::initializer_list<const char*> shown_fields);

// A heading with a button at the right end of its line; true when the button was pressed.
bool HeadingWithAction(const AppState& state, const char* heading, const char* action,
                       const std::string& why_not);
// A table cell's text, aligned with the buttons of its row.
void TextCell(const char* text);
void TextCell(const std::string& text);

// A LabeledInput flag (beside ImGui's, in a bit ImGui does not use): the field must be filled
// in, which a screen reader says (aria-required).
constexpr int kRequiredField = 1 << 30;
// A text field with its label above it; the field is published to the item tree under the
// label, so tests and screen readers find "Email" as the field itself, with its text (never a
// password's: ImGuiInputTextFlags_Password marks it secret).
bool LabeledInput(const char* label, const char* id, char* buffer, size_t size, int flags = 0,
                  float width = -1.0f);
// A multi-line text field of any length (a ticket's description, a reply), its label above it.
bool LabeledMultiline(const char* label, const char* id, std::string& text, float height,
                      float width = -1.0f, bool required = false);
// Names the last item in the item tree and for screen readers (an input whose ImGui label is
// hidden, an icon button); a checkbox says so, and whether it is ticked.
void NameLastItem(const char* label, bool checkable = false, bool checked = false);
inline void NameLastItem(const std::string& label, bool checkable = false, bool checked = false) {
    NameLastItem(label.c_str(), checkable, checked);
}

// A radio button, published as one (role radio, checked when `active`).
bool RadioItem(const char* label, bool active);
// A radio button of a row of choices (the next one on the same line): sets `value` to
// `option` when pressed.
template <class T>
bool RadioChoice(const char* label, T& value, T option) {
    bool pressed = RadioItem(label, value == option);
    if (pressed) value = option;
    ImGui::SameLine();
    return pressed;
}

// A panel (a bordered box in the navigation's colour, as tall as what it holds) headed by
// `title`: a form or a detail drawn beside a list. EndPanel() closes it.
void BeginPanel(const AppState& state, const char* id, const char* title);
void EndPanel();

// A table's header row, as ImGui::TableHeadersRow() draws it, each header named in the mirror
// by its column: also a column set up with ImGuiTableColumnFlags_NoHeaderLabel (a column of
// buttons), whose header shows nothing but is named for screen readers ("Actions").
// `label_items`: the visible headers are also labelled in window.portalItems() (a sortable
// list whose tests click them).
void HeadersRow(bool label_items = false);

// A column of a list table: its English label (translated when drawn) and its share of the width.
struct ListColumn {
    const char* label;
    float weight;
};
// Begins a list table (striped rows, lines between them, columns sharing the width by weight)
// and draws its header row; `actions_width` > 0 adds a fixed-width column of buttons at the
// end. Call ImGui::EndTable() when it returns true.
bool BeginListTable(const Translator& tr, const char* id, std::span<const ListColumn> columns,
                    float actions_width = 0.0f);
inline bool BeginListTable(const Translator& tr, const char* id,
                           std::initializer_list<ListColumn> columns, float actions_width = 0.0f) {
    return BeginListTable(tr, id, std::span<const ListColumn>(columns.begin(), columns.size()),
                          actions_width);
}

// A clipped list (a box of checkboxes, of links) drawn as a one-column table without lines, so
// that each row tells a screen reader its place in the whole list: BeginListRows, then
// ListRow(i, count) before each row the clipper draws, then ImGui::EndTable() when it returned
// true.
bool BeginListRows(const char* id);
void ListRow(int index, int count);

// A catalogue term (kFeatureLabels, kRmaSpeedLabels, kCategoryLabels, kProgramLabels,
// kCountryLabels) as users read it in the current language; the id while the catalogue loads.
std::string CatalogueLabel(const AppState& state, std::string_view kind, std::string_view id);

// What an empty list will hold and the action that fills it: a title, an explanation and,
// when `action_label` is not empty and the user may change the account, a primary button.
// True when the button was pressed. Read-only users see the sentence without the button.
bool EmptyState(const AppState& state, const char* title, const char* explanation,
                const char* action_label = nullptr);

// Enter / Escape in a dialog or form: true when pressed this frame. (A single-line field lets
// Enter through; a multi-line one would take it: forms here have none.)
bool EnterPressed();
bool EscapePressed();
// Escape pressed while the keyboard is in the current window or a window inside it: a panel
// that acts as a dialog (a form beside a list) closes on it as a modal does. Call inside the
// panel, before EndPanel().
bool EscapeInWindow();

}  // namespace portal::app
