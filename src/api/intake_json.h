// The operators' order intake as the REST API speaks it: the body of POST /api/v1/orders built
// from an Order, its answer, and the unmatched orders of GET /api/v1/orders?status=unmatched
// (R-ORD-1, R-ORD-4). The view fills core structs; it never sees JSON.
#pragma once

#include <string>
#include <vector>

#include "api/json_fields.h"
#include "core/model.h"

namespace portal::api {

// {poNumber, purchaseDate, lines:[{sku, quantity}], endCustomer:{name, email, company,
// address:{line1, city, postalCode, country, kind}}, reseller, distributor}: what
// OrderFromJson reads, and nothing the server decides (id, status, account).
Json OrderIntakeToJson(const Order& order);

// The 201 of POST /api/v1/orders: {order:{id, status, accountId, poNumber, contracts, reason}};
// status "processed" (accountId set) or "unmatched" (reason set, in the request's language).
struct IntakeResult {
    long long id = 0;
    std::string status;
    long long account_id = 0;
    std::string po_number;
    std::string reason;
    int contracts = 0;
};
bool IntakeResultFromJson(const Json& json, IntakeResult& out, std::vector<FieldError>& errors);

// One order of GET /api/v1/orders: the order as sent (with its id and status) and, for an
// unmatched one, why it could not be matched (R-ORD-4).
struct ListedOrder {
    Order order;
    std::string reason;
};
bool OrderListFromJson(const Json& json, std::vector<ListedOrder>& out,
                       std::vector<FieldError>& errors);

}  // namespace portal::api
