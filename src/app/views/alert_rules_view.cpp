// The Alerts page's Rules and Silences tabs (issue 13). Rules: which condition, held how long,
// at which severity, over which sites and rooms, notifies which channels. Silences: sites or
// rooms that notify nothing for a while (their alerts are still recorded). Members read them;
// admins change them (read-only members see the controls disabled, with the reason). Forms
// check what they can before sending, in the user's language, and keep what was typed when the
// server refuses.
#include <imgui.h>

#include <algorithm>

#include "api/alerts_json.h"
#include "app/views/views.h"
#include "app/widgets.h"
#include "core/telemetry.h"

namespace portal::app {

namespace {

using Seconds = alerts::Seconds;

constexpr TextPair kTexts[] = {
    // Announced to screen readers when a change succeeds (issue 17).
    {"Alert rule {0} saved", "Règle d'alerte {0} enregistrée"},
    {"Silence created", "Silence créé"},
    // Empty pages: what they will hold and the action that fills them (issue 16).
    {"A rule names what to watch (a room offline, a device missing, a threshold) in which rooms, "
     "and the channels that hear of it.",
     "Une règle dit quoi surveiller (une salle hors ligne, un appareil absent, un seuil), dans "
     "quelles salles, et les canaux qui en sont avertis."},
    {"Create your first rule", "Créer votre première règle"},
    {"A silence quiets a room's alerts for a while (works, an event) without losing them.",
     "Un silence fait taire les alertes d'une salle pour un temps (travaux, événement) sans les "
     "perdre."},
    // Rules
    {"Rules decide which room problems raise alerts, after how long, and whom they notify.",
     "Les règles décident quels problèmes de salle déclenchent une alerte, après combien de "
     "temps, et qui est prévenu."},
    {"New rule", "Nouvelle règle"},
    {"Edit rule", "Modifier la règle"},
    {"Create rule", "Créer la règle"},
    {"Save rule", "Enregistrer la règle"},
    {"Delete rule", "Supprimer la règle"},
    {"Delete this rule? Its open alerts are resolved.",
     "Supprimer cette règle ? Ses alertes ouvertes sont résolues."},
    {"No rule yet: nothing raises alerts.",
     "Aucune règle pour l'instant : rien ne déclenche d'alerte."},
    {"the alert rules", "les règles d'alerte"},
    {"Name", "Nom"},
    {"Condition", "Condition"},
    {"For", "Pendant"},
    {"For (seconds)", "Pendant (secondes)"},
    {"How long the condition must hold before the alert fires: 0 to 86,400 seconds.",
     "Durée pendant laquelle la condition doit durer avant que l'alerte ne se déclenche : 0 à "
     "86 400 secondes."},
    {"Severity", "Gravité"},
    {"Scope", "Portée"},
    {"Scope (none: every room)", "Portée (aucune : toutes les salles)"},
    {"Sites", "Sites"},
    {"Rooms", "Salles"},
    {"Channels", "Canaux"},
    {"Channels (none: recorded without notifying)", "Canaux (aucun : enregistrée sans prévenir)"},
    {"No channel yet: add one in Channels.",
     "Aucun canal pour l'instant : ajoutez-en un dans Canaux."},
    {"Enabled", "Activée"},
    {"Disabled", "Désactivée"},
    {"State", "État"},
    {"Edit", "Modifier"},
    {"Delete", "Supprimer"},
    {"Cancel", "Annuler"},
    {"Every room", "Toutes les salles"},
    {"{0} sites, {1} rooms", "{0} sites, {1} salles"},
    {"None", "Aucun"},
    {"{0} s", "{0} s"},
    {"{0} min", "{0} min"},
    {"Enter a name.", "Saisissez un nom."},
    {"Enter a number of seconds from 0 to 86,400.",
     "Saisissez un nombre de secondes de 0 à 86 400."},
    {"A no-telemetry rule waits at least 60 seconds.",
     "Une règle « pas de télémétrie » attend au moins 60 secondes."},
    // Conditions' and severities' labels: with ConditionLabel and SeverityLabel (alerts_view.cpp).
    // Silences
    {"While a silence covers a room, its alerts are recorded but nothing is sent.",
     "Tant qu'un silence couvre une salle, ses alertes sont enregistrées mais rien n'est "
     "envoyé."},
    {"New silence", "Nouveau silence"},
    {"Scope (none: the whole account)", "Portée (aucune : tout le compte)"},
    {"Starts (YYYY-MM-DD HH:MM, UTC; empty: now)",
     "Début (AAAA-MM-JJ HH:MM, UTC ; vide : maintenant)"},
    {"Ends (YYYY-MM-DD HH:MM, UTC)", "Fin (AAAA-MM-JJ HH:MM, UTC)"},
    {"Comment (optional)", "Commentaire (facultatif)"},
    {"Create silence", "Créer le silence"},
    {"Enter the start as YYYY-MM-DD HH:MM, or leave it empty.",
     "Saisissez le début au format AAAA-MM-JJ HH:MM, ou laissez-le vide."},
    {"Enter the end as YYYY-MM-DD HH:MM.", "Saisissez la fin au format AAAA-MM-JJ HH:MM."},
    {"The end must come after the start.", "La fin doit venir après le début."},
    {"The comment is at most 500 characters.", "Le commentaire fait au plus 500 caractères."},
    {"No silence.", "Aucun silence."},
    {"the silences", "les silences"},
    {"Starts", "Début"},
    {"Ends", "Fin"},
    {"Comment", "Commentaire"},
    {"Active", "Actif"},
    {"Scheduled", "Prévu"},
    {"Ended", "Terminé"},
    {"Silences are set by the account's admins.",
     "Les silences sont définis par les administrateurs du compte."},
    {"Whole account", "Tout le compte"},
};

constexpr Seconds kMinute = 60;
constexpr size_t kMaxCommentCharacters = 500;

const RoomRow* FindRoom(const std::vector<RoomRow>& rooms, Id id) {
    for (const RoomRow& row : rooms) {
        if (row.room_id == id) return &row;
    }
    return nullptr;
}

// "Every room", "Paris", "Boardroom, Huddle", or "2 sites, 5 rooms" when long.
std::string ScopeText(const Translator& tr, const std::vector<RoomRow>& rooms,
                      const std::vector<std::string>& sites, const std::vector<Id>& room_ids,
                      const char* everything) {
    if (sites.empty() && room_ids.empty()) return tr(everything);
    if (sites.size() + room_ids.size() > 3) {
        return Format(tr("{0} sites, {1} rooms"),
                      {std::to_string(sites.size()), std::to_string(room_ids.size())});
    }
    std::string text;
    for (const std::string& site : sites) text += (text.empty() ? "" : ", ") + site;
    for (Id id : room_ids) {
        const RoomRow* row = FindRoom(rooms, id);
        text += (text.empty() ? "" : ", ") + (row ? row->name : "#" + std::to_string(id));
    }
    return text;
}

// Sites then rooms of the account, as checkboxes; the rooms scroll past a few lines.
void ScopePicker(const AppState& state, const std::vector<RoomRow>& rooms,
                 const std::vector<std::string>& all_sites, std::set<std::string>& sites,
                 std::set<Id>& chosen) {
    const Translator& tr = state.tr;
    ImGui::PushID("scope");
    ImGui::AlignTextToFramePadding();
    MutedText(tr("Sites"));
    for (const std::string& site : all_sites) {
        if (site.empty()) continue;
        ImGui::SameLine();
        bool on = sites.count(site) > 0;
        if (ImGui::Checkbox(site.c_str(), &on)) {
            if (on) {
                sites.insert(site);
            } else {
                sites.erase(site);
            }
        }
    }
    MutedText(tr("Rooms"));
    float rows = std::min(6.0f, static_cast<float>(rooms.size()));
    float height =
        rows * ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().WindowPadding.y * 2;
    ImGui::BeginChild("rooms", ImVec2(0, height), ImGuiChildFlags_Border);
    if (BeginListRows("room-rows")) {
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rooms.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const RoomRow& row = rooms[static_cast<size_t>(i)];
                ListRow(i, static_cast<int>(rooms.size()));
                ImGui::PushID(static_cast<int>(row.room_id));
                bool on = chosen.count(row.room_id) > 0;
                if (ImGui::Checkbox(row.name.c_str(), &on)) {
                    if (on) {
                        chosen.insert(row.room_id);
                    } else {
                        chosen.erase(row.room_id);
                    }
                }
                if (!row.site.empty()) {
                    ImGui::SameLine();
                    MutedText(row.site);
                }
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::PopID();
}

// [SECTION] Loading

void LoadRules(AppState& state, AppController& controller) {
    state.alerts_page.rules_for = state.account.id;
    controller.Fetch(state.alerts_page.rules, AccountPath(state.account.id, "/alert-rules"),
                     &api::AlertRulesFromJson);
}

void LoadSilences(AppState& state, AppController& controller) {
    state.alerts_page.silences_for = state.account.id;
    controller.Fetch(state.alerts_page.silences, AccountPath(state.account.id, "/silences"),
                     &api::SilencesFromJson);
}

// [SECTION] Rules

void OpenRuleForm(AlertsPageState& page, const api::AlertRule* rule) {
    RuleForm& form = page.rule_form;
    form.Reset();
    form.open = true;
    if (!rule) return;
    form.editing = rule->id;
    CopyToBuffer(form.name, sizeof form.name, rule->name);
    form.condition = rule->condition;
    form.for_seconds = static_cast<int>(rule->for_seconds);
    form.severity = rule->severity;
    form.sites.insert(rule->sites.begin(), rule->sites.end());
    form.rooms.insert(rule->rooms.begin(), rule->rooms.end());
    form.channels.insert(rule->channels.begin(), rule->channels.end());
    form.enabled = rule->enabled;
}

// The rule's own limits (those of alerts::CheckRule), said in the user's language before
// anything is sent; the server checks them again, and what exists.
bool CheckRuleForm(RuleForm& form) {
    form.problems.clear();
    if (TrimmedText(form.name).empty()) form.problems.push_back({"name", "Enter a name.", ""});
    if (form.for_seconds < 0 || form.for_seconds > alerts::kMaxForSeconds) {
        form.problems.push_back({"forSeconds", "Enter a number of seconds from 0 to 86,400.", ""});
    } else if (form.condition == alerts::Condition::NoTelemetry &&
               form.for_seconds < alerts::kMinNoTelemetrySeconds) {
        form.problems.push_back(
            {"forSeconds", "A no-telemetry rule waits at least 60 seconds.", ""});
    }
    return form.problems.empty();
}

void SaveRule(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    RuleForm& form = page.rule_form;
    if (!CheckRuleForm(form)) return;
    api::AlertRuleRequest request;
    api::AlertRule& rule = request.rule;
    rule.name = TrimmedText(form.name);
    rule.condition = form.condition;
    rule.for_seconds = form.for_seconds;
    rule.severity = form.severity;
    rule.sites.assign(form.sites.begin(), form.sites.end());
    rule.rooms.assign(form.rooms.begin(), form.rooms.end());
    rule.channels.assign(form.channels.begin(), form.channels.end());
    rule.enabled = form.enabled;
    // The whole rule, for an edit too: what the form shows is what the rule becomes.
    request.has_name = request.has_condition = request.has_for_seconds = request.has_severity =
        request.has_scope = request.has_channels = request.has_enabled = true;
    NewChange(form.save);
    bool creating = form.editing == 0;
    controller.Submit(
        form.save, creating ? "POST" : "PATCH",
        creating ? AccountPath(state.account.id, "/alert-rules")
                 : "/api/v1/alert-rules/" + std::to_string(form.editing),
        api::AlertRuleRequestToJson(request),
        [&state, &controller, name = std::string(form.name)](const api::Result<api::Json>& result) {
            if (!result.ok()) return;  // the form keeps what was typed, with the server's words
            controller.Announce(Format(state.tr("Alert rule {0} saved"), {name}), false);
            state.alerts_page.rule_form.Reset();
            LoadRules(state, controller);
        },
        /*reload_account=*/false);
}

void DrawRuleForm(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    RuleForm& form = page.rule_form;
    const Translator& tr = state.tr;
    BeginPanel(state, "rule-form", tr(form.editing ? "Edit rule" : "New rule"));
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    LabeledInput(tr("Name"), "##rule-name", form.name, sizeof form.name, 0, 420.0f);
    DrawFormProblems(tr, form.problems, form.save, "name");

    ImGui::AlignTextToFramePadding();
    TextItem(tr("Condition"));
    ImGui::SameLine();
    for (alerts::Condition condition :
         {alerts::Condition::DeviceOffline, alerts::Condition::RoomOffline,
          alerts::Condition::NoTelemetry, alerts::Condition::OverCapacity}) {
        RadioChoice(tr(ConditionLabel(condition)), form.condition, condition);
    }
    ImGui::NewLine();
    DrawFormProblems(tr, form.problems, form.save, "condition");

    ImGui::TextUnformatted(tr("For (seconds)"));
    ImGui::SetNextItemWidth(160.0f);
    ImGui::InputInt("##rule-for", &form.for_seconds, 0, 0);  // typed: no step buttons
    NameLastItem(tr("For (seconds)"));
    ImGui::SameLine();
    MutedText(tr("How long the condition must hold before the alert fires: 0 to 86,400 seconds."));
    DrawFormProblems(tr, form.problems, form.save, "forSeconds");

    ImGui::AlignTextToFramePadding();
    TextItem(tr("Severity"));
    ImGui::SameLine();
    for (alerts::Severity severity : {alerts::Severity::Critical, alerts::Severity::Major,
                                      alerts::Severity::Minor, alerts::Severity::Warning}) {
        RadioChoice(tr(SeverityLabel(severity)), form.severity, severity);
    }
    ImGui::NewLine();
    DrawFormProblems(tr, form.problems, form.save, "severity");

    TextItem(tr("Scope (none: every room)"));
    ScopePicker(state, page.rooms, page.sites, form.sites, form.rooms);
    DrawFormProblems(tr, form.problems, form.save, "scope");

    TextItem(tr("Channels (none: recorded without notifying)"));
    if (page.channels.value && !page.channels.value->empty()) {
        ImGui::PushID("channels");
        bool first = true;
        for (const api::AlertChannel& channel : *page.channels.value) {
            if (!first) ImGui::SameLine();
            first = false;
            ImGui::PushID(static_cast<int>(channel.id));
            bool on = form.channels.count(channel.id) > 0;
            if (ImGui::Checkbox(channel.name.c_str(), &on)) {
                if (on) {
                    form.channels.insert(channel.id);
                } else {
                    form.channels.erase(channel.id);
                }
            }
            ImGui::PopID();
        }
        ImGui::PopID();
    } else if (page.channels.value) {
        MutedText(tr("No channel yet: add one in Channels."));
    }
    DrawFormProblems(tr, form.problems, form.save, "channels");
    ImGui::Checkbox(tr("Enabled"), &form.enabled);

    ImGui::Spacing();
    bool busy = form.save.busy();
    if (ActionButton(tr(form.editing ? "Save rule" : "Create rule"), busy ? " " : "")) {
        SaveRule(state, controller);
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Cancel")) || (!busy && EscapeInWindow())) form.Reset();
    if (form.save.failed()) SubmissionError(state, form.save);
    EndPanel();
}

std::string ForText(const Translator& tr, Seconds seconds) {
    if (seconds >= kMinute && seconds % kMinute == 0) {
        return Format(tr("{0} min"), {std::to_string(seconds / kMinute)});
    }
    return Format(tr("{0} s"), {std::to_string(seconds)});
}

std::string ChannelsText(const Translator& tr, const AlertsPageState& page,
                         const std::vector<Id>& ids) {
    if (ids.empty()) return tr("None");
    std::string text;
    for (Id id : ids) {
        const api::AlertChannel* channel = page.Channel(id);
        text += (text.empty() ? "" : ", ") + (channel ? channel->name : "#" + std::to_string(id));
    }
    return text;
}

void DeleteRule(AppState& state, AppController& controller, Id id) {
    controller.Revoke(state.alerts_page.delete_rule, "/api/v1/alert-rules/" + std::to_string(id),
                      [&state, &controller] {
                          state.alerts_page.confirm_delete_rule = 0;
                          if (state.alerts_page.rule_form.editing != 0) {
                              state.alerts_page.rule_form.Reset();
                          }
                          LoadRules(state, controller);
                      });
}

void DrawRulesTable(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    const Translator& tr = state.tr;
    std::string why_not = ReadOnlyReason(state);
    if (!BeginListTable(tr, "alert-rules",
                        {{"Name", 1.6f},
                         {"Condition", 1.1f},
                         {"For", 0.5f},
                         {"Severity", 0.7f},
                         {"Scope", 1.2f},
                         {"Channels", 1.1f},
                         {"State", 0.6f}},
                        230.0f)) {
        return;
    }
    for (const api::AlertRule& rule : *page.rules.value) {
        ImGui::PushID(static_cast<int>(rule.id));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        TextItem(rule.name);
        ImGui::TableNextColumn();
        TextItem(tr(ConditionLabel(rule.condition)));
        ImGui::TableNextColumn();
        TextItem(ForText(tr, rule.for_seconds));
        ImGui::TableNextColumn();
        TextItem(tr(SeverityLabel(rule.severity)));
        ImGui::TableNextColumn();
        TextItem(ScopeText(tr, page.rooms, rule.sites, rule.rooms, "Every room"));
        ImGui::TableNextColumn();
        TextItem(ChannelsText(tr, page, rule.channels));
        ImGui::TableNextColumn();
        TextItem(tr(rule.enabled ? "Enabled" : "Disabled"));
        ImGui::TableNextColumn();
        if (page.confirm_delete_rule == rule.id) {
            ImGui::BeginDisabled(page.delete_rule.busy());
            if (ActionButton(tr("Delete rule"), why_not)) DeleteRule(state, controller, rule.id);
            ImGui::EndDisabled();
            ImGui::SameLine();
            if (ImGui::Button(tr("Cancel"))) page.confirm_delete_rule = 0;
        } else {
            if (ActionButton(tr("Edit"), why_not)) OpenRuleForm(page, &rule);
            ImGui::SameLine();
            if (ActionButton(tr("Delete"), why_not)) page.confirm_delete_rule = rule.id;
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
    if (page.confirm_delete_rule != 0)
        MutedText(tr("Delete this rule? Its open alerts are resolved."));
    SubmissionError(state, page.delete_rule);
}

// [SECTION] Silences

// "2026-12-06 09:30", "2026-12-06T09:30" or "2026-12-06" (midnight), UTC.
bool ParseMinute(const std::string& text, Seconds& out) {
    std::string value = text;
    if (value.size() == 10) value += " 00:00";
    if (value.size() != 16 || (value[10] != ' ' && value[10] != 'T')) return false;
    value[10] = 'T';
    return telemetry::ParseUtcTime(value + ":00Z", out);
}

std::string MinuteText(Seconds at) {
    std::string iso = telemetry::FormatUtcTime(at);  // "2026-12-06T09:30:00Z"
    return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

size_t CodePoints(const char* text) {
    size_t count = 0;
    for (; *text; ++text) count += (static_cast<unsigned char>(*text) & 0xC0) != 0x80;
    return count;
}

void CreateSilence(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    SilenceForm& form = page.silence_form;
    form.problems.clear();
    api::Silence request;
    Seconds now = static_cast<Seconds>(controller.EpochSeconds());
    std::string starts = TrimmedText(form.starts), ends = TrimmedText(form.ends);
    bool starts_ok = starts.empty() || ParseMinute(starts, request.starts_at);
    if (!starts_ok) {
        form.problems.push_back(
            {"startsAt", "Enter the start as YYYY-MM-DD HH:MM, or leave it empty.", ""});
    }
    if (!ParseMinute(ends, request.ends_at)) {
        form.problems.push_back({"endsAt", "Enter the end as YYYY-MM-DD HH:MM.", ""});
    } else if (starts_ok && request.ends_at <= (request.starts_at ? request.starts_at : now)) {
        form.problems.push_back({"endsAt", "The end must come after the start.", ""});
    }
    if (CodePoints(form.comment) > kMaxCommentCharacters) {
        form.problems.push_back({"comment", "The comment is at most 500 characters.", ""});
    }
    if (!form.problems.empty()) return;
    request.sites.assign(form.sites.begin(), form.sites.end());
    request.rooms.assign(form.rooms.begin(), form.rooms.end());
    request.comment = TrimmedText(form.comment);
    NewChange(form.create);
    controller.Submit(
        form.create, "POST", AccountPath(state.account.id, "/silences"),
        api::SilenceRequestToJson(request),
        [&state, &controller](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            controller.Announce(state.tr("Silence created"), false);
            state.alerts_page.silence_form.Reset();
            LoadSilences(state, controller);
        },
        /*reload_account=*/false);
}

void DrawSilenceForm(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    SilenceForm& form = page.silence_form;
    const Translator& tr = state.tr;
    if (!form.prefilled) {
        // An hour from now, to the minute: the usual answer to "quiet while we fix it".
        Seconds now = static_cast<Seconds>(controller.EpochSeconds());
        CopyToBuffer(form.ends, sizeof form.ends, MinuteText((now / kMinute + 60) * kMinute));
        form.prefilled = true;
    }
    BeginPanel(state, "silence-form", tr("New silence"));
    TextItem(tr("Scope (none: the whole account)"));
    ScopePicker(state, page.rooms, page.sites, form.sites, form.rooms);
    DrawFormProblems(tr, form.problems, form.create, "sites");
    DrawFormProblems(tr, form.problems, form.create, "rooms");
    ImGui::BeginGroup();
    LabeledInput(tr("Starts (YYYY-MM-DD HH:MM, UTC; empty: now)"), "##silence-starts", form.starts,
                 sizeof form.starts, 0, 220.0f);
    DrawFormProblems(tr, form.problems, form.create, "startsAt");
    ImGui::EndGroup();
    ImGui::SameLine(0, 24.0f);
    ImGui::BeginGroup();
    LabeledInput(tr("Ends (YYYY-MM-DD HH:MM, UTC)"), "##silence-ends", form.ends, sizeof form.ends,
                 0, 220.0f);
    DrawFormProblems(tr, form.problems, form.create, "endsAt");
    ImGui::EndGroup();
    LabeledInput(tr("Comment (optional)"), "##silence-comment", form.comment, sizeof form.comment,
                 0, 560.0f);
    DrawFormProblems(tr, form.problems, form.create, "comment");
    bool busy = form.create.busy();
    if (ActionButton(tr("Create silence"), busy ? " " : "")) CreateSilence(state, controller);
    if (form.create.failed()) SubmissionError(state, form.create);
    EndPanel();
}

void DrawSilencesTable(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    const Translator& tr = state.tr;
    std::string why_not = ReadOnlyReason(state);
    Seconds now = static_cast<Seconds>(controller.EpochSeconds());
    if (!BeginListTable(
            tr, "silences",
            {{"Scope", 1.4f}, {"Starts", 1.0f}, {"Ends", 1.0f}, {"Comment", 1.6f}, {"State", 0.6f}},
            110.0f)) {
        return;
    }
    for (const api::Silence& silence : *page.silences.value) {
        ImGui::PushID(static_cast<int>(silence.id));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        TextItem(ScopeText(tr, page.rooms, silence.sites, silence.rooms, "Whole account"));
        ImGui::TableNextColumn();
        TextItem(FormatUtcMinuteIn(tr.language(), silence.starts_at));
        ImGui::TableNextColumn();
        TextItem(FormatUtcMinuteIn(tr.language(), silence.ends_at));
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        TextItem(silence.comment);
        ImGui::PopTextWrapPos();
        ImGui::TableNextColumn();
        bool ended = now >= silence.ends_at;
        TextItem(tr(ended ? "Ended" : now < silence.starts_at ? "Scheduled" : "Active"));
        ImGui::TableNextColumn();
        if (!ended) {
            bool busy = page.delete_silence.busy();
            if (ActionButton(tr("Delete"), busy ? std::string(" ") : why_not)) {
                page.deleting_silence = silence.id;
                controller.Revoke(page.delete_silence,
                                  "/api/v1/silences/" + std::to_string(silence.id),
                                  [&state, &controller] { LoadSilences(state, controller); });
            }
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
    SubmissionError(state, page.delete_silence);
}

}  // namespace

std::span<const TextPair> AlertRulesTexts() {
    return kTexts;
}

void DrawAlertRules(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    const Translator& tr = state.tr;
    AlertRooms(state, controller);
    if (page.rules_for != state.account.id) LoadRules(state, controller);
    // The channels name what each rule notifies, and the form picks among them.
    if (page.channels_for != state.account.id) LoadAlertChannels(state, controller);
    MutedText(
        tr("Rules decide which room problems raise alerts, after how long, and whom they notify."));
    if (page.rule_form.open) {
        DrawRuleForm(state, controller);
    } else if (ActionButton(tr("New rule"), ReadOnlyReason(state))) {
        OpenRuleForm(page, nullptr);
    }
    ImGui::Spacing();
    if (!DrawRemoteStatus(state, page.rules, "the alert rules", controller)) return;
    if (page.rules.value->empty()) {
        if (EmptyState(state, "No rule yet: nothing raises alerts.",
                       "A rule names what to watch (a room offline, a device missing, a "
                       "threshold) in which rooms, and the channels that hear of it.",
                       "Create your first rule")) {
            OpenRuleForm(page, nullptr);
        }
        return;
    }
    DrawRulesTable(state, controller);
}

void DrawSilences(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    const Translator& tr = state.tr;
    AlertRooms(state, controller);
    if (page.silences_for != state.account.id) LoadSilences(state, controller);
    MutedText(tr("While a silence covers a room, its alerts are recorded but nothing is sent."));
    if (state.CanEdit()) {
        DrawSilenceForm(state, controller);
    } else {
        MutedText(tr("Silences are set by the account's admins."));
    }
    ImGui::Spacing();
    if (!DrawRemoteStatus(state, page.silences, "the silences", controller)) return;
    if (page.silences.value->empty()) {
        EmptyState(state, "No silence.",
                   "A silence quiets a room's alerts for a while (works, an event) without "
                   "losing them.");
        return;
    }
    DrawSilencesTable(state, controller);
}

}  // namespace portal::app
