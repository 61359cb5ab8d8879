// The entitlement model as the REST API speaks it (issue 4's contract): contracts with their
// balance and term, rooms, devices, entitlements, spares, order intake, and engine refusals
// as error envelopes. Handlers and views use these; neither sees JSON otherwise.
#pragma once

#include "api/error_json.h"
#include "api/json_fields.h"
#include "core/engine.h"

namespace portal::api {

// {id, orderId, poNumber, program, sku, quantity, assigned, free, startDate, endDate, status,
//  daysLeft}
Json ContractToJson(const Contract& contract, const ContractView& view);
// {id, accountId, name, site, country, capacity, timeZone (IANA name; null: UTC), version}
Json RoomToJson(const Room& room);
// {serial, accountId, product, roomId (null when not placed), purchaseDate}
Json DeviceToJson(const Device& device);
// {programs:[...], insights, alerts, support, warranty, rma}
Json EntitlementsToJson(const RoomEntitlements& entitlements);
// {parentEntityId, selectRooms, pools, grants:[{orderId, date, pool}]}
Json SparesToJson(const SparesSummary& spares);

// {id, contractId, slot, roomId, assignedOn, releasedOn, releaseReason}
Json AssignmentToJson(const Assignment& assignment);
// {id, poNumber, purchaseDate, status, accountId, cancelledOn, cancellableUntil, lines:[{sku,
//  quantity}], endCustomer:{name, email, company, address}, reseller, distributor}
Json OrderToJson(const Order& order, Date cancellable_until);

// A room as a client sends it: {name, site, country, capacity, timeZone?}.
bool RoomFromJson(const Json& json, Room& out, std::vector<FieldError>& errors);

// The order intake body: {poNumber, purchaseDate, lines:[{sku, quantity}], endCustomer:{name,
// email, company, address:{line1, city, postalCode, country, kind}}, reseller:{name, email,
// address}, distributor:{name, email, address}}. Reads the shape; the engine's ValidateOrder
// judges the content (R-ORD-1, R-ORD-2).
bool OrderFromJson(const Json& json, Order& out, std::vector<FieldError>& errors);

// The engine's field problems (R-ORD-1) as the API's field errors, in one language.
std::vector<FieldError> FieldErrorsIn(const std::vector<FieldProblem>& problems, Language language);

// An engine refusal as the error the API answers: 404 for a missing object (so that another
// tenant's id answers exactly like a missing one), 409 rule_violation with details.rule
// otherwise, the sentence in the caller's language.
ApiError RefusalToError(const Refusal& refusal, Language language);

}  // namespace portal::api
