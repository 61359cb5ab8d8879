// Fuzz target: the app's readers of the API's answers (src/api), as api::Client runs them: the
// response classified (status, JSON, the error envelope), then the reader of the answer's type.
// First byte: the reader (kReaders, append only); the rest is the body of a 200 answer, except
// for the first rows, which give it to ClassifyResponse with an error status.
#include <string>
#include <vector>

#include "api/alerts_json.h"
#include "api/catalogue_json.h"
#include "api/client.h"
#include "api/contracts_json.h"
#include "api/error_json.h"
#include "api/health_json.h"
#include "api/home_json.h"
#include "api/insights_json.h"
#include "api/intake_json.h"
#include "api/kiosk_json.h"
#include "api/model_json.h"
#include "api/people_json.h"
#include "api/sso_json.h"
#include "api/state_json.h"
#include "api/support_json.h"
#include "api/telemetry_json.h"
#include "fuzz_input.h"

namespace {

namespace api = portal::api;
using api::FieldError;
using api::Json;

using Reader = void (*)(const Json& json, std::vector<FieldError>& errors);

template <typename T, bool (*Read)(const Json&, T&, std::vector<FieldError>&)>
void ReadAs(const Json& json, std::vector<FieldError>& errors) {
    T out{};
    Read(json, out, errors);
}

struct Answer {
    const char* name;
    int status;  // the answer's status: 200 runs `read` on the body
    Reader read;
};

// Append only: a corpus file's first byte is an index into this table.
const Answer kReaders[] = {
    {"error 400", 400, nullptr},
    {"error 409", 409, nullptr},
    {"error 500", 500, nullptr},
    {"state", 200, ReadAs<portal::State, api::StateFromJson>},
    {"catalogue", 200, ReadAs<portal::Catalogue, api::CatalogueFromJson>},
    {"health", 200, ReadAs<api::Health, api::HealthFromJson>},
    {"room", 200, ReadAs<portal::Room, api::RoomFromJson>},
    {"order", 200, ReadAs<portal::Order, api::OrderFromJson>},
    {"intake result", 200, ReadAs<api::IntakeResult, api::IntakeResultFromJson>},
    {"order list", 200, ReadAs<std::vector<api::ListedOrder>, api::OrderListFromJson>},
    {"contract orders", 200, ReadAs<std::vector<api::ContractOrder>, api::ContractOrdersFromJson>},
    {"spares", 200, ReadAs<api::SparesInfo, api::SparesFromJson>},
    {"insights", 200, ReadAs<api::Insights, api::InsightsFromJson>},
    {"insights summary", 200, ReadAs<std::vector<api::RoomSummary>, api::InsightsSummaryFromJson>},
    {"telemetry status", 200, ReadAs<portal::telemetry::StatusDocument, api::StatusFromJson>},
    {"agent token", 200, ReadAs<portal::telemetry::AgentToken, api::AgentTokenFromJson>},
    {"agent tokens", 200,
     ReadAs<std::vector<portal::telemetry::AgentToken>, api::AgentTokensFromJson>},
    {"kiosk link", 200, ReadAs<api::KioskLink, api::KioskLinkFromJson>},
    {"kiosk links", 200, ReadAs<std::vector<api::KioskLink>, api::KioskLinksFromJson>},
    {"kiosk dashboard", 200, ReadAs<api::KioskDashboard, api::KioskDashboardFromJson>},
    {"alert rule", 200, ReadAs<api::AlertRule, api::AlertRuleFromJson>},
    {"alert rules", 200, ReadAs<std::vector<api::AlertRule>, api::AlertRulesFromJson>},
    {"alert channel", 200, ReadAs<api::AlertChannel, api::AlertChannelFromJson>},
    {"alert channels", 200, ReadAs<std::vector<api::AlertChannel>, api::AlertChannelsFromJson>},
    {"channel test", 200, ReadAs<api::ChannelTestResult, api::ChannelTestResultFromJson>},
    {"alert", 200, ReadAs<api::Alert, api::AlertFromJson>},
    {"alert list", 200, ReadAs<api::AlertList, api::AlertListFromJson>},
    {"silence", 200, ReadAs<api::Silence, api::SilenceFromJson>},
    {"silences", 200, ReadAs<std::vector<api::Silence>, api::SilencesFromJson>},
    {"ticket", 200, ReadAs<api::Ticket, api::TicketFromJson>},
    {"ticket list", 200, ReadAs<std::vector<api::Ticket>, api::TicketListFromJson>},
    {"ticket comment", 200, ReadAs<api::TicketComment, api::TicketCommentFromJson>},
    {"ticket attachment", 200, ReadAs<api::TicketAttachment, api::TicketAttachmentFromJson>},
    {"ticket snapshot", 200, ReadAs<api::TicketSnapshot, api::TicketSnapshotFromJson>},
    {"support accounts", 200,
     ReadAs<std::vector<api::SupportAccount>, api::SupportAccountsFromJson>},
    {"sso domain", 200, ReadAs<api::SsoDomain, api::SsoDomainFromJson>},
    {"sso domains", 200, ReadAs<std::vector<api::SsoDomain>, api::SsoDomainsFromJson>},
    {"sso connection", 200, ReadAs<api::SsoConnection, api::SsoConnectionFromJson>},
    {"sso connections", 200, ReadAs<api::SsoConnectionList, api::SsoConnectionsFromJson>},
    {"sso user", 200, ReadAs<api::SsoUser, api::SsoUserFromJson>},
    {"sso users", 200, ReadAs<std::vector<api::SsoUser>, api::SsoUsersFromJson>},
    {"sso discovery", 200, ReadAs<api::SsoDiscovery, api::SsoDiscoveryFromJson>},
    {"sso logout", 200, ReadAs<std::string, api::LogoutAnswerFromJson>},
    {"account home", 200, ReadAs<api::AccountHome, api::AccountHomeFromJson>},
    {"home rows", 200, ReadAs<std::vector<api::HomeRow>, api::HomeRowsFromJson>},
    {"operator home", 200, ReadAs<api::OperatorHome, api::OperatorHomeFromJson>},
    {"members", 200, ReadAs<std::vector<api::Member>, api::MembersFromJson>},
    {"invitations", 200, ReadAs<std::vector<api::Invitation>, api::InvitationsFromJson>},
    {"delegations", 200, ReadAs<std::vector<api::Delegation>, api::DelegationsFromJson>},
    {"partners", 200, ReadAs<std::vector<api::PartnerOrg>, api::PartnersFromJson>},
    {"invitation preview", 200, ReadAs<api::InvitationPreview, api::InvitationPreviewFromJson>},
    {"user", 200, ReadAs<api::User, api::UserFromJson>},
    {"me", 200, ReadAs<api::Me, api::MeFromJson>},
    {"ticket proposal", 200, ReadAs<api::TicketProposal, api::TicketProposalFromJson>},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The largest answers (a partner's state, a year of Insights) are a few MiB; readers are
    // linear, and 256 KiB reaches every branch faster.
    if (size > 262144) return 0;
    std::string_view input = portal::fuzz::Text(data, size);
    size_t row = 0;
    if (!portal::fuzz::Select(input, std::size(kReaders), row)) return 0;
    api::HttpResponse response;
    response.status = kReaders[row].status;
    response.body = std::string(input);
    Json json;
    api::ApiError error;
    api::Failure failure = api::ClassifyResponse(response, json, error);
    if (kReaders[row].read && failure == api::Failure::None) {
        std::vector<FieldError> errors;
        kReaders[row].read(json, errors);
    }
    api::ParseErrorEnvelope(input, error);
    return 0;
}
