// What Service Orders reads beyond the account's state (api/state_json.h): each contract's
// order and the last day it can be cancelled (GET /api/v1/accounts/{id}/contracts), and the
// parent entity's spares pools (GET /api/v1/accounts/{id}/spares). The state carries no orders,
// so these come from the server, which knows them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "core/engine.h"

namespace portal::api {

// One element of {contracts:[{id, orderId, poNumber, ..., cancellableUntil}]}; the balance and
// the term are worked out in the browser from the state, so only the order's part is kept.
struct ContractOrder {
    long long contract_id = 0;
    long long order_id = 0;
    std::string po_number;
    std::optional<Date> cancellable_until;  // R-ORD-7; absent when the order is not known
};
bool ContractOrdersFromJson(const Json& json, std::vector<ContractOrder>& out,
                            std::vector<FieldError>& errors);

// {parentEntityId, selectRooms, pools, grants:[{orderId, date, pool}],
//  candidateProducts:[{product, deployed}]} (R-SPARE-1, R-SPARE-2).
struct SparesInfo {
    SparesSummary summary;
    std::vector<SpareProduct> candidate_products;
};
bool SparesFromJson(const Json& json, SparesInfo& out, std::vector<FieldError>& errors);

}  // namespace portal::api
