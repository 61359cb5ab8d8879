// One account's entitlement state as GET /api/v1/accounts/{id}/state gives it to the browser,
// which plans actions with the very engine the server enforces with (src/core): a refused
// assignment is explained before anything is sent. The server's answer to the action remains
// the authority. Only the account's own rows are in it: its parent entity, itself, its rooms,
// devices and contracts, and the licenses its rooms hold now.
//
//   {parentEntities:[{id,name}], accounts:[{id,parentEntityId,name,kind,country,city,postalCode}],
//    rooms:[{id,accountId,name,site,country,capacity,version}],
//    devices:[{serial,accountId,product,roomId,purchaseDate}],
//    contracts:[{id,orderId,accountId,poNumber,sku,program,quantity,termYears,purchaseDate,
//                firstAssigned,cancelled}],
//    assignments:[{id,contractId,slot,roomId,assignedOn,releasedOn,releaseReason}]}
#pragma once

#include <vector>

#include "api/json_fields.h"
#include "core/model.h"

namespace portal::api {

Json StateToJson(const State& state);
// Reads every table; each bad field is named ("rooms[3].capacity").
bool StateFromJson(const Json& json, State& out, std::vector<FieldError>& errors);

}  // namespace portal::api
