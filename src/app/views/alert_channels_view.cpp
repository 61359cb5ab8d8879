// The Alerts page's Channels tab (issue 13): where alerts go. Email (recipients, the account's
// admins, a language), ServiceNow (instance, basic or OAuth) and webhooks, each with Send test,
// which answers whether delivery worked and why not. Members read them; admins change them.
// Secrets are write-only: the form never shows one (the server never answers it), says "set"
// when the channel has one, sends a new one only when typed, and wipes it once sent.
#include <imgui.h>

#include <algorithm>
#include <cctype>

#include "api/alerts_json.h"
#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

constexpr TextPair kTexts[] = {
    {"Alert channel {0} saved", "Canal d'alerte {0} enregistré"},  // announced (issue 17)
    // Empty pages: what they will hold and the action that fills them (issue 16).
    {"A channel is where alerts are sent: email addresses, a webhook, Microsoft Teams, Slack or "
     "ServiceNow.",
     "Un canal est l'endroit où les alertes sont envoyées : adresses e-mail, webhook, Microsoft "
     "Teams, Slack ou ServiceNow."},
    {"Create your first channel", "Créer votre premier canal"},
    {"Name", "Nom"},
    {"Edit", "Modifier"},
    {"Delete", "Supprimer"},
    {"Cancel", "Annuler"},
    {"Enter a name.", "Saisissez un nom."},
    {"Channels deliver alerts by email, into ServiceNow or to a webhook.",
     "Les canaux envoient les alertes par e-mail, dans ServiceNow ou vers un webhook."},
    {"New channel", "Nouveau canal"},
    {"Edit channel", "Modifier le canal"},
    {"Create channel", "Créer le canal"},
    {"Save channel", "Enregistrer le canal"},
    {"Delete channel", "Supprimer le canal"},
    {"Delete this channel? Rules stop notifying it.",
     "Supprimer ce canal ? Les règles cessent de le prévenir."},
    {"No channel yet.", "Aucun canal pour l'instant."},
    {"the alert channels", "les canaux d'alerte"},
    {"Type", "Type"},
    {"Email", "E-mail"},
    {"ServiceNow", "ServiceNow"},
    {"Webhook", "Webhook"},
    {"Sends to", "Destination"},
    {"Secret", "Secret"},
    {"Set", "Défini"},
    {"Not set", "Non défini"},
    {"Send test", "Envoyer un test"},
    {"the account's admins", "les administrateurs du compte"},
    {"Recipients (separated by commas)", "Destinataires (séparés par des virgules)"},
    {"Account admins", "Administrateurs du compte"},
    {"Also every admin of this account, as they are when it sends.",
     "Aussi chaque administrateur de ce compte, tels qu'ils sont au moment de l'envoi."},
    {"Language", "Langue"},
    {"Instance URL", "URL de l'instance"},
    {"Authentication", "Authentification"},
    {"Basic", "Basique"},
    {"OAuth", "OAuth"},
    {"User name", "Nom d'utilisateur"},
    {"Password", "Mot de passe"},
    {"Client ID", "ID client"},
    {"Client secret", "Secret client"},
    {"Assignment group (optional)", "Groupe d'affectation (facultatif)"},
    {"Caller ID (optional)", "ID de l'appelant (facultatif)"},
    {"URL", "URL"},
    {"Set: leave empty to keep it.", "Défini : laissez vide pour le garder."},
    {"Not an email address: {0}", "Pas une adresse e-mail : {0}"},
    {"Add a recipient or tick Account admins.",
     "Ajoutez un destinataire ou cochez Administrateurs du compte."},
    {"Enter an absolute https:// or http:// URL.",
     "Saisissez une URL absolue en https:// ou http://."},
    {"Enter the user name.", "Saisissez le nom d'utilisateur."},
    {"Enter the client ID.", "Saisissez l'ID client."},
    {"Enter the password.", "Saisissez le mot de passe."},
    {"Enter the client secret.", "Saisissez le secret client."},
    {"Enter the secret.", "Saisissez le secret."},
    {"Test of {0}: it worked.", "Test de {0} : envoi réussi."},
    {"Test of {0} failed: {1}", "Échec du test de {0} : {1}"},
    {"Sending a test to {0}…", "Envoi d'un test à {0}…"},
    {"Reference: {0}", "Référence : {0}"},
    {"(no detail)", "(pas de détail)"},
};

// A write-only secret: typed, never shown (nor filled from the server); "set" when the channel
// has one, which an empty field keeps.
void SecretInput(const Translator& tr, const char* label, const char* id, char* buffer, size_t size,
                 bool set) {
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(320.0f);
    ImGui::InputText(id, buffer, size, ImGuiInputTextFlags_Password);
    NameLastItem(label);
    a11y::AddStates(a11y::state::kSecret);
    if (set) MutedText(tr("Set: leave empty to keep it."));
}

// [SECTION] Channels

const char* TypeLabel(api::ChannelType type) {
    switch (type) {
        case api::ChannelType::Email:
            return "Email";
        case api::ChannelType::ServiceNow:
            return "ServiceNow";
        case api::ChannelType::Webhook:
            return "Webhook";
    }
    return "";
}

void OpenChannelForm(AlertsPageState& page, const api::AlertChannel* channel) {
    ChannelForm& form = page.channel_form;
    form.Reset();
    form.open = true;
    if (!channel) return;
    form.editing = channel->id;
    form.type = channel->type;
    CopyToBuffer(form.name, sizeof form.name, channel->name);
    std::string recipients;
    for (const std::string& address : channel->recipients) {
        recipients += (recipients.empty() ? "" : ", ") + address;
    }
    CopyToBuffer(form.recipients, sizeof form.recipients, recipients);
    form.account_admins = channel->account_admins;
    form.french = channel->language == "fr";
    CopyToBuffer(form.instance_url, sizeof form.instance_url, channel->instance_url);
    form.oauth = channel->auth_type == "oauth";
    form.stored_oauth = form.oauth;
    CopyToBuffer(form.username, sizeof form.username, channel->username);
    CopyToBuffer(form.client_id, sizeof form.client_id, channel->client_id);
    CopyToBuffer(form.assignment_group, sizeof form.assignment_group, channel->assignment_group);
    CopyToBuffer(form.caller_id, sizeof form.caller_id, channel->caller_id);
    CopyToBuffer(form.url, sizeof form.url, channel->url);
    // The secret stays empty: the server never gives it back.
    form.secret_set = channel->secret_set;
}

// "a@x.example, b@y.example; c@z.example" -> the addresses.
std::vector<std::string> SplitAddresses(const char* text) {
    std::vector<std::string> out;
    std::string current;
    for (const char* c = text;; ++c) {
        bool end = *c == '\0';
        if (end || *c == ',' || *c == ';' || std::isspace(static_cast<unsigned char>(*c))) {
            if (!current.empty()) out.push_back(current);
            current.clear();
            if (end) break;
        } else {
            current += *c;
        }
    }
    return out;
}

// The shapes the server reads (api::ChannelRequestFromJson), said in the user's language.
bool CheckChannelForm(ChannelForm& form) {
    form.problems.clear();
    bool creating = form.editing == 0;
    if (TrimmedText(form.name).empty()) form.problems.push_back({"name", "Enter a name.", ""});
    switch (form.type) {
        case api::ChannelType::Email: {
            std::vector<std::string> addresses = SplitAddresses(form.recipients);
            for (const std::string& address : addresses) {
                if (!api::PlausibleEmailAddress(address)) {
                    form.problems.push_back({"recipients", "Not an email address: {0}", address});
                }
            }
            if (addresses.empty() && !form.account_admins) {
                form.problems.push_back(
                    {"recipients", "Add a recipient or tick Account admins.", ""});
            }
            break;
        }
        case api::ChannelType::ServiceNow: {
            if (!api::AbsoluteHttpUrl(TrimmedText(form.instance_url))) {
                form.problems.push_back(
                    {"instanceUrl", "Enter an absolute https:// or http:// URL.", ""});
            }
            if (form.oauth && TrimmedText(form.client_id).empty()) {
                form.problems.push_back({"auth.clientId", "Enter the client ID.", ""});
            }
            if (!form.oauth && TrimmedText(form.username).empty()) {
                form.problems.push_back({"auth.username", "Enter the user name.", ""});
            }
            // A secret is needed unless the channel keeps the one it has (of the same kind).
            bool keeps = !creating && form.secret_set && form.oauth == form.stored_oauth;
            if (form.secret[0] == '\0' && !keeps) {
                form.problems.push_back(
                    form.oauth ? FormProblem{"auth.clientSecret", "Enter the client secret.", ""}
                               : FormProblem{"auth.password", "Enter the password.", ""});
            }
            break;
        }
        case api::ChannelType::Webhook:
            if (!api::AbsoluteHttpUrl(TrimmedText(form.url))) {
                form.problems.push_back({"url", "Enter an absolute https:// or http:// URL.", ""});
            }
            if (form.secret[0] == '\0' && (creating || !form.secret_set)) {
                form.problems.push_back({"secret", "Enter the secret.", ""});
            }
            break;
    }
    return form.problems.empty();
}

void SaveChannel(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    ChannelForm& form = page.channel_form;
    if (!CheckChannelForm(form)) return;
    api::ChannelRequest request;
    api::AlertChannel& channel = request.channel;
    channel.type = form.type;
    channel.name = TrimmedText(form.name);
    request.has_name = true;
    switch (form.type) {
        case api::ChannelType::Email:
            channel.recipients = SplitAddresses(form.recipients);
            channel.account_admins = form.account_admins;
            channel.language = form.french ? "fr" : "en";
            request.has_recipients = request.has_account_admins = request.has_language = true;
            break;
        case api::ChannelType::ServiceNow:
            channel.instance_url = TrimmedText(form.instance_url);
            channel.auth_type = form.oauth ? "oauth" : "basic";
            channel.username = TrimmedText(form.username);
            channel.client_id = TrimmedText(form.client_id);
            channel.assignment_group = TrimmedText(form.assignment_group);
            channel.caller_id = TrimmedText(form.caller_id);
            request.has_instance_url = request.has_auth = request.has_assignment_group =
                request.has_caller_id = true;
            break;
        case api::ChannelType::Webhook:
            channel.url = TrimmedText(form.url);
            request.has_url = true;
            break;
    }
    if (form.type != api::ChannelType::Email && form.secret[0] != '\0') {
        request.secret = form.secret;
        request.has_secret = true;
    }
    NewChange(form.save);
    bool creating = form.editing == 0;
    controller.Submit(
        form.save, creating ? "POST" : "PATCH",
        creating ? AccountPath(state.account.id, "/alert-channels")
                 : "/api/v1/alert-channels/" + std::to_string(form.editing),
        api::ChannelRequestBody(request),
        [&state, &controller, name = std::string(form.name)](const api::Result<api::Json>& result) {
            if (!result.ok()) return;  // kept as typed (the secret too, to send again)
            controller.Announce(Format(state.tr("Alert channel {0} saved"), {name}), false);
            state.alerts_page.channel_form.Reset();  // wipes the secret
            LoadAlertChannels(state, controller);
        },
        /*reload_account=*/false);
}

void DrawChannelForm(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    ChannelForm& form = page.channel_form;
    const Translator& tr = state.tr;
    BeginPanel(state, "channel-form", tr(form.editing ? "Edit channel" : "New channel"));
    ImGui::AlignTextToFramePadding();
    TextItem(tr("Type"));
    ImGui::SameLine();
    ImGui::BeginDisabled(form.editing != 0);  // a channel keeps its type
    for (api::ChannelType type :
         {api::ChannelType::Email, api::ChannelType::ServiceNow, api::ChannelType::Webhook}) {
        RadioChoice(tr(TypeLabel(type)), form.type, type);
    }
    ImGui::EndDisabled();
    ImGui::NewLine();
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    LabeledInput(tr("Name"), "##channel-name", form.name, sizeof form.name, 0, 420.0f);
    DrawFormProblems(tr, form.problems, form.save, "name");
    switch (form.type) {
        case api::ChannelType::Email:
            LabeledInput(tr("Recipients (separated by commas)"), "##recipients", form.recipients,
                         sizeof form.recipients, 0, 560.0f);
            DrawFormProblems(tr, form.problems, form.save, "recipients");
            for (size_t i = 0; i < 20; ++i) {
                std::string field = "recipients[" + std::to_string(i) + "]";
                FieldErrorText(form.save, field.c_str());
            }
            ImGui::Checkbox(tr("Account admins"), &form.account_admins);
            ImGui::SameLine();
            MutedText(tr("Also every admin of this account, as they are when it sends."));
            ImGui::AlignTextToFramePadding();
            TextItem(tr("Language"));
            ImGui::SameLine();
            // Each language named in itself, as in the top bar.
            if (RadioItem("English", !form.french)) form.french = false;
            ImGui::SameLine();
            if (RadioItem("Français", form.french)) form.french = true;
            DrawFormProblems(tr, form.problems, form.save, "language");
            break;
        case api::ChannelType::ServiceNow:
            LabeledInput(tr("Instance URL"), "##instance-url", form.instance_url,
                         sizeof form.instance_url, 0, 420.0f);
            DrawFormProblems(tr, form.problems, form.save, "instanceUrl");
            ImGui::AlignTextToFramePadding();
            TextItem(tr("Authentication"));
            ImGui::SameLine();
            RadioChoice(tr("Basic"), form.oauth, false);
            RadioChoice(tr("OAuth"), form.oauth, true);
            ImGui::NewLine();
            if (form.oauth) {
                LabeledInput(tr("Client ID"), "##client-id", form.client_id, sizeof form.client_id,
                             0, 320.0f);
                DrawFormProblems(tr, form.problems, form.save, "auth.clientId");
                SecretInput(tr, tr("Client secret"), "##client-secret", form.secret,
                            sizeof form.secret, form.secret_set && form.stored_oauth);
                DrawFormProblems(tr, form.problems, form.save, "auth.clientSecret");
            } else {
                LabeledInput(tr("User name"), "##username", form.username, sizeof form.username, 0,
                             320.0f);
                DrawFormProblems(tr, form.problems, form.save, "auth.username");
                SecretInput(tr, tr("Password"), "##password", form.secret, sizeof form.secret,
                            form.secret_set && !form.stored_oauth);
                DrawFormProblems(tr, form.problems, form.save, "auth.password");
            }
            LabeledInput(tr("Assignment group (optional)"), "##assignment-group",
                         form.assignment_group, sizeof form.assignment_group, 0, 320.0f);
            DrawFormProblems(tr, form.problems, form.save, "assignmentGroup");
            LabeledInput(tr("Caller ID (optional)"), "##caller-id", form.caller_id,
                         sizeof form.caller_id, 0, 320.0f);
            DrawFormProblems(tr, form.problems, form.save, "callerId");
            break;
        case api::ChannelType::Webhook:
            LabeledInput(tr("URL"), "##webhook-url", form.url, sizeof form.url, 0, 560.0f);
            DrawFormProblems(tr, form.problems, form.save, "url");
            SecretInput(tr, tr("Secret"), "##webhook-secret", form.secret, sizeof form.secret,
                        form.secret_set);
            DrawFormProblems(tr, form.problems, form.save, "secret");
            break;
    }
    ImGui::Spacing();
    bool busy = form.save.busy();
    if (ActionButton(tr(form.editing ? "Save channel" : "Create channel"), busy ? " " : "")) {
        SaveChannel(state, controller);
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Cancel")) || (!busy && EscapeInWindow())) form.Reset();
    if (form.save.failed()) SubmissionError(state, form.save);
    EndPanel();
}

std::string SendsTo(const Translator& tr, const api::AlertChannel& channel) {
    switch (channel.type) {
        case api::ChannelType::Email: {
            std::string text;
            for (const std::string& address : channel.recipients) {
                text += (text.empty() ? "" : ", ") + address;
            }
            if (channel.account_admins) {
                text += (text.empty() ? "" : ", ") + std::string(tr("the account's admins"));
            }
            return text + " (" + channel.language + ")";
        }
        case api::ChannelType::ServiceNow: {
            const std::string& who =
                channel.auth_type == "oauth" ? channel.client_id : channel.username;
            return channel.instance_url + (who.empty() ? "" : " · " + who);
        }
        case api::ChannelType::Webhook:
            return channel.url;
    }
    return {};
}

void SendTest(AppState& state, AppController& controller, Id id) {
    AlertsPageState& page = state.alerts_page;
    page.test.Clear();  // each press is a new test, with its own key
    page.testing = id;
    page.test_result.reset();
    controller.Submit(
        page.test, "POST", "/api/v1/alert-channels/" + std::to_string(id) + "/test",
        api::Json::object(),
        [&state](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            api::ChannelTestResult answer;
            std::vector<api::FieldError> errors;
            if (api::ChannelTestResultFromJson(result.value, answer, errors)) {
                state.alerts_page.test_result = answer;
            }
        },
        /*reload_account=*/false);
}

void DrawTestResult(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    const Translator& tr = state.tr;
    if (page.testing == 0) return;
    const api::AlertChannel* channel = page.Channel(page.testing);
    std::string name = channel ? channel->name : "#" + std::to_string(page.testing);
    if (page.test.busy()) {
        Spinner(controller.Now());
        ImGui::SameLine();
        MutedText(Format(tr("Sending a test to {0}…"), {name}));
        return;
    }
    if (page.test.failed()) {
        SubmissionError(state, page.test);
        return;
    }
    if (!page.test_result) return;
    const api::ChannelTestResult& result = *page.test_result;
    std::string detail = result.detail.empty() ? std::string(tr("(no detail)")) : result.detail;
    if (result.status != 0) detail += " (" + std::to_string(result.status) + ")";
    if (result.ok) {
        TextItem(Format(tr("Test of {0}: it worked."), {name}));
    } else {
        ErrorText(Format(tr("Test of {0} failed: {1}"), {name, detail}));
    }
    if (!result.external_id.empty()) MutedText(Format(tr("Reference: {0}"), {result.external_id}));
}

void DeleteChannel(AppState& state, AppController& controller, Id id) {
    controller.Revoke(state.alerts_page.delete_channel,
                      "/api/v1/alert-channels/" + std::to_string(id), [&state, &controller] {
                          AlertsPageState& page = state.alerts_page;
                          page.confirm_delete_channel = 0;
                          if (page.channel_form.editing != 0) page.channel_form.Reset();
                          LoadAlertChannels(state, controller);
                          page.rules_for = 0;  // read again: rules no longer name it
                      });
}

void DrawChannelsTable(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    const Translator& tr = state.tr;
    std::string why_not = ReadOnlyReason(state);
    if (!BeginListTable(tr, "alert-channels",
                        {{"Name", 1.2f}, {"Type", 0.7f}, {"Sends to", 2.2f}, {"Secret", 0.6f}},
                        330.0f)) {
        return;
    }
    for (const api::AlertChannel& channel : *page.channels.value) {
        ImGui::PushID(static_cast<int>(channel.id));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        TextItem(channel.name);
        ImGui::TableNextColumn();
        TextItem(tr(TypeLabel(channel.type)));
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        TextItem(SendsTo(tr, channel));
        ImGui::PopTextWrapPos();
        ImGui::TableNextColumn();
        if (channel.type != api::ChannelType::Email) {
            TextItem(tr(channel.secret_set ? "Set" : "Not set"));
        }
        ImGui::TableNextColumn();
        if (page.confirm_delete_channel == channel.id) {
            ImGui::BeginDisabled(page.delete_channel.busy());
            if (ActionButton(tr("Delete channel"), why_not)) {
                DeleteChannel(state, controller, channel.id);
            }
            ImGui::EndDisabled();
            ImGui::SameLine();
            if (ImGui::Button(tr("Cancel"))) page.confirm_delete_channel = 0;
        } else {
            if (ActionButton(tr("Send test"), page.test.busy() ? std::string(" ") : why_not)) {
                SendTest(state, controller, channel.id);
            }
            ImGui::SameLine();
            if (ActionButton(tr("Edit"), why_not)) OpenChannelForm(page, &channel);
            ImGui::SameLine();
            if (ActionButton(tr("Delete"), why_not)) page.confirm_delete_channel = channel.id;
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
    if (page.confirm_delete_channel != 0) {
        MutedText(tr("Delete this channel? Rules stop notifying it."));
    }
    SubmissionError(state, page.delete_channel);
}

}  // namespace

std::span<const TextPair> AlertChannelsTexts() {
    return kTexts;
}

void LoadAlertChannels(AppState& state, AppController& controller) {
    state.alerts_page.channels_for = state.account.id;
    controller.Fetch(state.alerts_page.channels, AccountPath(state.account.id, "/alert-channels"),
                     &api::AlertChannelsFromJson);
}

void DrawAlertChannels(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    const Translator& tr = state.tr;
    if (page.channels_for != state.account.id) LoadAlertChannels(state, controller);
    MutedText(tr("Channels deliver alerts by email, into ServiceNow or to a webhook."));
    if (page.channel_form.open) {
        DrawChannelForm(state, controller);
    } else if (ActionButton(tr("New channel"), ReadOnlyReason(state))) {
        OpenChannelForm(page, nullptr);
    }
    ImGui::Spacing();
    if (!DrawRemoteStatus(state, page.channels, "the alert channels", controller)) return;
    if (page.channels.value->empty()) {
        if (EmptyState(state, "No channel yet.",
                       "A channel is where alerts are sent: email addresses, a webhook, "
                       "Microsoft Teams, Slack or ServiceNow.",
                       "Create your first channel")) {
            OpenChannelForm(page, nullptr);
        }
    } else {
        DrawChannelsTable(state, controller);
    }
    DrawTestResult(state, controller);
}

}  // namespace portal::app
