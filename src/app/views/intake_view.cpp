// Order intake, for the vendor's operators: a form with every field of an order (R-ORD-1: PO
// number, purchase date, lines, end customer, reseller, distributor). The engine checks it
// before anything is sent (missing fields, unknown SKUs, R-ORD-2); the server's own refusals
// (a PO number already registered, a PO that would mix programs) come back the same way: each
// field's message next to the field, a rule's sentence for the whole order. The answer says
// which account the order went to, or that it is kept as unmatched (R-ORD-4); the unmatched
// orders are listed below with the reason.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "api/model_json.h"
#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"
#include "core/engine.h"

namespace portal::app {

namespace {

constexpr TextPair kTexts[] = {
    // Empty pages: what they will hold and the action that fills them (issue 16).
    {"An order whose customer matches no account waits here until its data is put right.",
     "Une commande dont le client ne correspond à aucun compte attend ici que ses données soient "
     "corrigées."},
    {"Order intake", "Saisie des commandes"},
    {"Register an order from its purchase order: the portal checks it against the catalogue and "
     "the rules, matches it to the customer's account and sends the confirmation emails.",
     "Enregistrez une commande d'après son bon de commande : le portail la vérifie selon le "
     "catalogue et les règles, la rattache au compte du client et envoie les e-mails de "
     "confirmation."},
    {"Order intake is for the vendor's operators.",
     "La saisie des commandes est réservée aux opérateurs du fournisseur."},
    {"Order", "Commande"},
    {"PO number", "Numéro de bon de commande"},
    {"Purchase date", "Date d'achat"},
    {"must be a date YYYY-MM-DD", "doit être une date AAAA-MM-JJ"},
    {"Lines", "Lignes"},
    {"SKU", "Référence"},
    {"Quantity", "Quantité"},
    {"SKU, line {0}", "Référence, ligne {0}"},
    {"Quantity, line {0}", "Quantité, ligne {0}"},
    {"Pick a SKU, line {0}", "Choisir une référence, ligne {0}"},
    {"Remove line {0}", "Retirer la ligne {0}"},
    {"Remove", "Retirer"},
    {"Add line", "Ajouter une ligne"},
    {"End customer", "Client final"},
    {"Reseller", "Revendeur"},
    {"Distributor", "Distributeur"},
    {"Name", "Nom"},
    {"Email", "E-mail"},
    {"Company", "Société"},
    {"Address line", "Adresse"},
    {"City", "Ville"},
    {"Postal code", "Code postal"},
    {"Country (2 letters)", "Pays (2 lettres)"},
    {"Headquarters", "Siège"},
    {"Site", "Site"},
    {"Headquarters: the customer's global account. Site: a separate account with its own "
     "licenses.",
     "Siège : le compte global du client. Site : un compte séparé, avec ses propres licences."},
    {"End customer name", "Nom du client final"},
    {"End customer email", "E-mail du client final"},
    {"End customer company", "Société du client final"},
    {"End customer address", "Adresse du client final"},
    {"End customer city", "Ville du client final"},
    {"End customer postal code", "Code postal du client final"},
    {"End customer country", "Pays du client final"},
    {"Reseller name", "Nom du revendeur"},
    {"Reseller email", "E-mail du revendeur"},
    {"Reseller address", "Adresse du revendeur"},
    {"Reseller city", "Ville du revendeur"},
    {"Reseller postal code", "Code postal du revendeur"},
    {"Reseller country", "Pays du revendeur"},
    {"Distributor name", "Nom du distributeur"},
    {"Distributor email", "E-mail du distributeur"},
    {"Distributor address", "Adresse du distributeur"},
    {"Distributor city", "Ville du distributeur"},
    {"Distributor postal code", "Code postal du distributeur"},
    {"Distributor country", "Pays du distributeur"},
    {"Send order", "Envoyer la commande"},
    {"Sending…", "Envoi…"},
    {"Clear form", "Vider le formulaire"},
    {"Loading the service catalogue…", "Chargement du catalogue des services…"},
    {"{0} fields need attention: see the message next to each.",
     "{0} champs sont à corriger : voyez le message à côté de chacun."},
    {"1 field needs attention: see the message next to it.",
     "1 champ est à corriger : voyez le message à côté."},
    {"Order {0} is processed: it went to account #{1}; contracts created: {2}.",
     "La commande {0} est traitée : elle va au compte n° {1} ; contrats créés : {2}."},
    {"Order {0} could not be matched to an account and is kept as unmatched: {1}",
     "La commande {0} n'a pu être rattachée à aucun compte et reste non rattachée : {1}"},
    {"Unmatched orders", "Commandes non rattachées"},
    {"Orders that found no account are kept here, never lost, until their customer's data is "
     "put right.",
     "Les commandes sans compte restent ici, jamais perdues, jusqu'à ce que les données du "
     "client soient corrigées."},
    {"No unmatched order: every order found its account.",
     "Aucune commande non rattachée : chaque commande a trouvé son compte."},
    {"the unmatched orders", "les commandes non rattachées"},
    {"Address", "Adresse"},
    {"Reason", "Motif"},
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Fields

constexpr float kLabelWidth = 120.0f;

// Two columns, labels and fields, for Field's rows.
bool BeginFields(const char* id, float width = 0.0f) {
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingFixedFit, ImVec2(width, 0))) return false;
    ImGui::TableSetupColumn("##label", ImGuiTableColumnFlags_WidthFixed, kLabelWidth);
    ImGui::TableSetupColumn("##field", ImGuiTableColumnFlags_WidthStretch);
    return true;
}

// One field of the form, a row of BeginFields: its label on the left, its name in the item tree
// (unique on the page), its problem under it. `path` is the API's path of the field
// ("endCustomer.email").
bool Field(IntakePageState& page, const char* label, const std::string& name,
           const std::string& path, char* buffer, size_t size, int flags = 0) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::TableNextColumn();
    const std::string* problem = page.Problem(path);
    if (problem) {
        ImGui::PushStyleColor(ImGuiCol_Border, theme::Colors().error_text);
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.5f);
    }
    ImGui::SetNextItemWidth(-1.0f);
    std::string id = "##" + path;
    bool enter =
        ImGui::InputText(id.c_str(), buffer, size, flags | ImGuiInputTextFlags_EnterReturnsTrue);
    bool edited = ImGui::IsItemEdited();
    NameLastItem(name.c_str());
    if (problem) {
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
        ErrorText(*problem);
    }
    // What was put right stops being flagged; the rest stays until the next check.
    if (edited && problem) {
        page.problems.erase(
            std::remove_if(page.problems.begin(), page.problems.end(),
                           [&](const api::FieldError& e) { return e.field == path; }),
            page.problems.end());
    }
    return enter;
}

struct PartyLabels {
    const char* prefix;  // the API's path of the party
    const char* name;
    const char* email;
    const char* company;
    const char* line1;
    const char* city;
    const char* postal_code;
    const char* country;
};

constexpr PartyLabels kEndCustomer = {"endCustomer",
                                      "End customer name",
                                      "End customer email",
                                      "End customer company",
                                      "End customer address",
                                      "End customer city",
                                      "End customer postal code",
                                      "End customer country"};
constexpr PartyLabels kReseller = {
    "reseller",         "Reseller name", "Reseller email",       nullptr,
    "Reseller address", "Reseller city", "Reseller postal code", "Reseller country"};
constexpr PartyLabels kDistributor = {
    "distributor",         "Distributor name", "Distributor email",       nullptr,
    "Distributor address", "Distributor city", "Distributor postal code", "Distributor country"};

bool DrawParty(const AppState& state, IntakePageState& page, const char* heading,
               const PartyLabels& labels, PartyForm& party) {
    const Translator& tr = state.tr;
    std::string p = labels.prefix;
    TextItem(tr(heading));
    bool enter = false;
    std::string table = std::string("fields-") + labels.prefix;
    if (!BeginFields(table.c_str())) return false;
    enter |= Field(page, tr("Name"), tr(labels.name), p + ".name", party.name, sizeof party.name);
    enter |=
        Field(page, tr("Email"), tr(labels.email), p + ".email", party.email, sizeof party.email);
    if (labels.company) {
        enter |= Field(page, tr("Company"), tr(labels.company), p + ".company", party.company,
                       sizeof party.company);
    }
    enter |= Field(page, tr("Address line"), tr(labels.line1), p + ".address.line1", party.line1,
                   sizeof party.line1);
    enter |= Field(page, tr("City"), tr(labels.city), p + ".address.city", party.city,
                   sizeof party.city);
    enter |= Field(page, tr("Postal code"), tr(labels.postal_code), p + ".address.postalCode",
                   party.postal_code, sizeof party.postal_code);
    enter |= Field(page, tr("Country (2 letters)"), tr(labels.country), p + ".address.country",
                   party.country, sizeof party.country, ImGuiInputTextFlags_CharsUppercase);
    ImGui::EndTable();
    if (labels.company) {
        // Where the order goes (R-ORD-3): the customer's headquarters account or a site's own.
        if (RadioItem(tr("Headquarters"), !party.site)) party.site = false;
        ImGui::SameLine();
        if (RadioItem(tr("Site"), party.site)) party.site = true;
        if (const std::string* problem = page.Problem(p + ".address.kind")) ErrorText(*problem);
        ImGui::PushTextWrapPos(0.0f);
        MutedText(
            tr("Headquarters: the customer's global account. Site: a separate account with "
               "its own licenses."));
        ImGui::PopTextWrapPos();
    }
    return enter;
}

// Quantities are typed as text so that an empty field reads as missing, not as a number.
int QuantityOf(const char* text) {
    if (!*text) return 0;
    long value = 0;
    for (const char* c = text; *c; ++c) {
        if (*c < '0' || *c > '9' || value > 1000000000L) return 0;
        value = value * 10 + (*c - '0');
    }
    return static_cast<int>(value);
}

bool DrawLines(AppState& state, IntakePageState& page) {
    const Translator& tr = state.tr;
    TextItem(tr("Lines"));
    if (const std::string* problem = page.Problem("lines")) ErrorText(*problem);
    bool enter = false;
    int remove = -1;
    ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("lines", 3, flags,
                          ImVec2(std::min(620.0f, ImGui::GetContentRegionAvail().x), 0))) {
        ImGui::TableSetupColumn(tr("SKU"), 0, 1.6f);
        ImGui::TableSetupColumn(tr("Quantity"), 0, 0.8f);
        ImGui::TableSetupColumn("##remove", ImGuiTableColumnFlags_WidthFixed, 110.0f);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < page.form.lines.size(); ++i) {
            LineForm& line = page.form.lines[i];
            std::string number = std::to_string(i + 1);
            std::string path = "lines[" + std::to_string(i) + "]";
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            // The SKU as written on the PO, or picked from the catalogue.
            float pick_width = ImGui::GetFrameHeight();
            ImGui::PushItemWidth(-pick_width - ImGui::GetStyle().ItemInnerSpacing.x);
            ImGui::BeginGroup();
            const std::string* sku_problem = page.Problem(path + ".sku");
            if (sku_problem) {
                ImGui::PushStyleColor(ImGuiCol_Border, theme::Colors().error_text);
                ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.5f);
            }
            enter |= ImGui::InputText(
                "##sku", line.sku, sizeof line.sku,
                ImGuiInputTextFlags_CharsUppercase | ImGuiInputTextFlags_EnterReturnsTrue);
            bool sku_edited = ImGui::IsItemEdited();
            NameLastItem(Format(tr("SKU, line {0}"), {number}).c_str());
            if (sku_problem) {
                ImGui::PopStyleVar();
                ImGui::PopStyleColor();
            }
            ImGui::PopItemWidth();
            ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
            if (ImGui::BeginCombo("##pick", nullptr, ImGuiComboFlags_NoPreview)) {
                if (state.catalogue.value) {
                    for (const Sku& sku : state.catalogue.value->skus) {
                        if (ImGui::Selectable(sku.id.c_str(), sku.id == line.sku)) {
                            std::snprintf(line.sku, sizeof line.sku, "%s", sku.id.c_str());
                            sku_edited = true;
                        }
                    }
                }
                ImGui::EndCombo();
            }
            NameLastItem(Format(tr("Pick a SKU, line {0}"), {number}).c_str());
            ImGui::EndGroup();
            if (sku_problem) ErrorText(*sku_problem);
            if (sku_edited) {
                std::erase_if(page.problems, [&](const api::FieldError& e) {
                    return e.field == path + ".sku" || e.field == "lines";
                });
            }

            ImGui::TableNextColumn();
            char quantity[12];
            std::snprintf(quantity, sizeof quantity, "%s",
                          line.quantity > 0 ? std::to_string(line.quantity).c_str() : "");
            const std::string* quantity_problem = page.Problem(path + ".quantity");
            if (quantity_problem) {
                ImGui::PushStyleColor(ImGuiCol_Border, theme::Colors().error_text);
                ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.5f);
            }
            ImGui::SetNextItemWidth(-1.0f);
            enter |= ImGui::InputText(
                "##quantity", quantity, sizeof quantity,
                ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
            if (ImGui::IsItemEdited()) {
                line.quantity = QuantityOf(quantity);
                std::erase_if(page.problems, [&](const api::FieldError& e) {
                    return e.field == path + ".quantity";
                });
            }
            NameLastItem(Format(tr("Quantity, line {0}"), {number}).c_str());
            if (quantity_problem) {
                ImGui::PopStyleVar();
                ImGui::PopStyleColor();
                ErrorText(*quantity_problem);
            }

            ImGui::TableNextColumn();
            ImGui::BeginDisabled(page.form.lines.size() <= 1);
            if (ImGui::Button(tr("Remove"))) remove = static_cast<int>(i);
            NameLastItem(Format(tr("Remove line {0}"), {number}).c_str());
            ImGui::EndDisabled();
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (remove >= 0) {
        page.form.lines.erase(page.form.lines.begin() + remove);
        page.problems.clear();  // the lines' paths moved: the next check says it again
    }
    if (ImGui::Button(tr("Add line"))) page.form.lines.emplace_back();
    return enter;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Sending

void LoadUnmatched(AppState& state, AppController& controller) {
    controller.Fetch(state.intake_page.unmatched, "/api/v1/orders?status=unmatched",
                     &api::OrderListFromJson);
}

void Send(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    IntakePageState& page = state.intake_page;
    bool date_ok = false;
    Order order = page.form.ToOrder(date_ok);
    page.problems.clear();
    page.refusal.clear();
    page.result.reset();

    // The engine first: the server would refuse the same things, and this way every field's
    // problem shows at once, before any request.
    OrderCheck check = ValidateOrder(*state.catalogue.value, order);
    page.problems = api::FieldErrorsIn(check.missing_or_invalid, tr.language());
    if (!date_ok && page.form.purchase_date[0] != 0) {
        for (api::FieldError& problem : page.problems) {
            if (problem.field == "purchaseDate") problem.message = tr("must be a date YYYY-MM-DD");
        }
    }
    if (check.refusal) {
        page.refusal = check.refusal->message.In(tr.language()) + " (" + check.refusal->rule + ")";
    }
    if (!check.ok()) return;

    NewChange(page.submit);
    controller.Submit(
        page.submit, "POST", "/api/v1/orders", api::OrderIntakeToJson(order),
        [&state, &controller](const api::Result<api::Json>& result) {
            IntakePageState& page = state.intake_page;
            if (result.ok()) {
                api::IntakeResult outcome;
                std::vector<api::FieldError> problems;
                api::IntakeResultFromJson(result.value, outcome, problems);
                page.result = outcome;
                // The next order starts from a blank form; it is often of the same day.
                IntakeForm next;
                std::snprintf(next.purchase_date, sizeof next.purchase_date, "%s",
                              page.form.purchase_date);
                page.form = next;
                LoadUnmatched(state, controller);
                return;
            }
            if (result.failure != api::Failure::Http) return;  // the sentence says it
            if (!result.error.rule.empty()) {
                // A rule about the whole order (R-ORD-2: this PO holds another program already).
                page.refusal = DescribeFailure(state.tr, result.failure, result.error);
            } else {
                page.problems = result.error.fields;  // 400 and 409 name their fields
            }
        },
        /*reload_account=*/false);
}

void DrawOutcome(AppState& state, IntakePageState& page) {
    const Translator& tr = state.tr;
    if (!page.problems.empty()) {
        ErrorText(page.problems.size() == 1
                      ? std::string(tr("1 field needs attention: see the message next to it."))
                      : Format(tr("{0} fields need attention: see the message next to each."),
                               {std::to_string(page.problems.size())}));
    }
    if (!page.refusal.empty()) ErrorText(page.refusal);
    // A failure that is neither a field's nor a rule's (the network, the server): its sentence.
    if (page.submit.failed() && page.submit.error.fields.empty() &&
        page.submit.error.rule.empty()) {
        SubmissionError(state, page.submit);
    }
    if (page.result) {
        const api::IntakeResult& result = *page.result;
        ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().ok);
        ImGui::PushTextWrapPos(0.0f);
        if (result.status == "processed") {
            TextItem(Format(
                tr("Order {0} is processed: it went to account #{1}; contracts created: {2}."),
                {result.po_number, std::to_string(result.account_id),
                 std::to_string(result.contracts)}));
        } else {
            TextItem(Format(tr("Order {0} could not be matched to an account and is kept as "
                               "unmatched: {1}"),
                            {result.po_number, result.reason}));
        }
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Unmatched orders (R-ORD-4)

std::string LinesText(const Order& order) {
    std::string text;
    for (const OrderLine& line : order.lines) {
        if (!text.empty()) text += ", ";
        text += line.sku + " × " + std::to_string(line.quantity);
    }
    return text;
}

void DrawUnmatched(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    IntakePageState& page = state.intake_page;
    HeadingItem(state, tr("Unmatched orders"));
    ImGui::PushTextWrapPos(0.0f);
    MutedText(
        tr("Orders that found no account are kept here, never lost, until their customer's "
           "data is put right."));
    ImGui::PopTextWrapPos();
    if (!DrawRemoteStatus(state, page.unmatched, "the unmatched orders", controller)) return;
    if (page.unmatched.value->empty()) {
        EmptyState(state, "No unmatched order: every order found its account.",
                   "An order whose customer matches no account waits here until its data is "
                   "put right.");
        return;
    }
    ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("unmatched", 6, flags)) return;
    ImGui::TableSetupColumn(tr("PO number"), 0, 0.8f);
    ImGui::TableSetupColumn(tr("Purchase date"), 0, 0.7f);
    ImGui::TableSetupColumn(tr("End customer"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("Address"), 0, 1.2f);
    ImGui::TableSetupColumn(tr("Lines"), 0, 0.9f);
    ImGui::TableSetupColumn(tr("Reason"), 0, 1.6f);
    ImGui::TableHeadersRow();
    for (const api::ListedOrder& listed : *page.unmatched.value) {
        const Order& order = listed.order;
        const Address& address = order.end_customer.address;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        TextItem(order.po_number);
        ImGui::TableNextColumn();
        TextItem(FormatDateIn(tr.language(), order.purchase_date));
        ImGui::TableNextColumn();
        TextItem(order.end_customer.company);
        ImGui::TableNextColumn();
        TextItem(address.line1 + ", " + address.postal_code + " " + address.city + ", " +
                 address.country + " (" +
                 tr(address.kind == AccountKind::Site ? "Site" : "Headquarters") + ")");
        ImGui::TableNextColumn();
        TextItem(LinesText(order));
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        TextItem(listed.reason);
        ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
}

}  // namespace

std::span<const TextPair> IntakeTexts() {
    return kTexts;
}

void DrawIntakePage(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    IntakePageState& page = state.intake_page;
    HeadingItem(state, tr("Order intake"), 1);
    if (!state.IsOperator()) {
        MutedText(tr("Order intake is for the vendor's operators."));
        return;
    }
    if (page.unmatched.status == RequestStatus::Idle) LoadUnmatched(state, controller);
    if (std::string filter = state.TakeRouteFilter(Page::Intake); !filter.empty()) {
        page.route_filter = std::move(filter);
    }
    if (!page.route_filter.empty()) {
        // Opened from the Overview's "Orders waiting": those orders before the form.
        if (DrawFilterChip(state, controller, page.route_filter)) page.route_filter.clear();
        DrawUnmatched(state, controller);
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
    }
    if (!page.dated) {
        std::snprintf(page.form.purchase_date, sizeof page.form.purchase_date, "%s",
                      FormatDate(controller.Today()).c_str());
        page.dated = true;
    }
    ImGui::PushTextWrapPos(0.0f);
    MutedText(
        tr("Register an order from its purchase order: the portal checks it against the "
           "catalogue and the rules, matches it to the customer's account and sends the "
           "confirmation emails."));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();

    bool busy = page.submit.busy();
    ImGui::BeginDisabled(busy);
    // A long form: rows closer together than elsewhere, so that it fits a laptop's screen.
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 4.0f));
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(ImGui::GetStyle().CellPadding.x, 2.0f));
    bool enter = false;
    TextItem(tr("Order"));
    if (BeginFields("order", std::min(460.0f, ImGui::GetContentRegionAvail().x))) {
        enter |= Field(page, tr("PO number"), tr("PO number"), "poNumber", page.form.po_number,
                       sizeof page.form.po_number);
        enter |= Field(page, tr("Purchase date"), tr("Purchase date"), "purchaseDate",
                       page.form.purchase_date, sizeof page.form.purchase_date);
        ImGui::EndTable();
    }
    ImGui::Spacing();
    enter |= DrawLines(state, page);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    if (ImGui::BeginTable("parties", 3, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        enter |= DrawParty(state, page, "End customer", kEndCustomer, page.form.end_customer);
        ImGui::TableNextColumn();
        enter |= DrawParty(state, page, "Reseller", kReseller, page.form.reseller);
        ImGui::TableNextColumn();
        enter |= DrawParty(state, page, "Distributor", kDistributor, page.form.distributor);
        ImGui::EndTable();
    }
    ImGui::PopStyleVar(2);
    ImGui::Spacing();
    bool ready = state.catalogue.value.has_value();
    ImGui::BeginDisabled(!ready);
    bool send = ImGui::Button(busy ? tr("Sending…") : tr("Send order"));
    NameLastItem(tr("Send order"));
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(tr("Clear form"))) {
        IntakeForm blank;
        std::snprintf(blank.purchase_date, sizeof blank.purchase_date, "%s",
                      page.form.purchase_date);
        page.form = blank;
        page.problems.clear();
        page.refusal.clear();
        page.submit.Clear();
    }
    if (!ready) {
        ImGui::SameLine();
        MutedText(tr("Loading the service catalogue…"));
    }
    ImGui::EndDisabled();
    if ((send || enter) && !busy && ready) Send(state, controller);
    ImGui::Spacing();
    DrawOutcome(state, page);

    if (!page.route_filter.empty()) return;
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    DrawUnmatched(state, controller);
}

}  // namespace portal::app
