#include "api/state_json.h"

#include "api/model_json.h"

namespace portal::api {

namespace {

Json DateOrNull(const std::optional<Date>& date) {
    return date ? Json(FormatDate(*date)) : Json(nullptr);
}

void ReadDate(FieldReader& reader, std::string_view key, Date& out) {
    std::string text;
    if (reader.String(key, text) && !ParseDate(text, out)) {
        reader.Fail(key, "must be a date YYYY-MM-DD");
    }
}

void ReadOptionalDate(const Json& object, FieldReader& reader, const char* key,
                      std::optional<Date>& out) {
    out.reset();
    if (!object.contains(key) || object[key].is_null()) return;
    ReadDate(reader, key, out.emplace());
}

// Reads each element of json[key] (an array) with read(element reader, element, new row).
template <class Row, class Read>
void ReadTable(FieldReader& root, const char* key, std::vector<Row>& rows,
               std::vector<FieldError>& errors, Read read) {
    rows.clear();
    const Json* list = root.Array(key);
    if (!list) return;
    rows.reserve(list->size());
    for (size_t i = 0; i < list->size(); ++i) {
        FieldReader item((*list)[i], IndexPath(key, i), errors);
        read(item, (*list)[i], rows.emplace_back());
    }
}

}  // namespace

Json StateToJson(const State& state) {
    Json parents = Json::array();
    for (const ParentEntity& parent : state.parent_entities) {
        parents.push_back({{"id", parent.id}, {"name", parent.name}});
    }
    Json accounts = Json::array();
    for (const Account& account : state.accounts) {
        accounts.push_back({{"id", account.id},
                            {"parentEntityId", account.parent_entity_id},
                            {"name", account.name},
                            {"kind", AccountKindId(account.kind)},
                            {"country", account.country},
                            {"city", account.city},
                            {"postalCode", account.postal_code}});
    }
    Json rooms = Json::array();
    for (const Room& room : state.rooms) rooms.push_back(RoomToJson(room));
    Json devices = Json::array();
    for (const Device& device : state.devices) devices.push_back(DeviceToJson(device));
    Json contracts = Json::array();
    for (const Contract& contract : state.contracts) {
        contracts.push_back({{"id", contract.id},
                             {"orderId", contract.order_id},
                             {"accountId", contract.account_id},
                             {"poNumber", contract.po_number},
                             {"sku", contract.sku},
                             {"program", contract.program},
                             {"quantity", contract.quantity},
                             {"termYears", contract.term_years},
                             {"purchaseDate", FormatDate(contract.purchase_date)},
                             {"firstAssigned", DateOrNull(contract.first_assigned)},
                             {"cancelled", contract.cancelled}});
    }
    Json assignments = Json::array();
    for (const Assignment& assignment : state.assignments) {
        assignments.push_back(AssignmentToJson(assignment));
    }
    return {{"parentEntities", parents}, {"accounts", accounts},   {"rooms", rooms},
            {"devices", devices},        {"contracts", contracts}, {"assignments", assignments}};
}

bool StateFromJson(const Json& json, State& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = State();
    FieldReader root(json, "", errors);
    if (!root.IsObject()) {
        errors.push_back({"", "must be an object"});
        return false;
    }
    ReadTable(root, "parentEntities", out.parent_entities, errors,
              [](FieldReader& r, const Json&, ParentEntity& parent) {
                  ReadId(r, "id", parent.id);
                  r.String("name", parent.name);
              });
    ReadTable(root, "accounts", out.accounts, errors,
              [](FieldReader& r, const Json&, Account& account) {
                  ReadId(r, "id", account.id);
                  ReadId(r, "parentEntityId", account.parent_entity_id);
                  r.String("name", account.name);
                  std::string kind;
                  if (r.String("kind", kind) && !AccountKindFrom(kind, account.kind)) {
                      r.Fail("kind", "must be \"headquarters\" or \"site\"");
                  }
                  r.String("country", account.country);
                  r.String("city", account.city);
                  r.String("postalCode", account.postal_code);
              });
    ReadTable(root, "rooms", out.rooms, errors, [](FieldReader& r, const Json&, Room& room) {
        ReadId(r, "id", room.id);
        ReadId(r, "accountId", room.account_id);
        r.String("name", room.name);
        r.String("site", room.site);
        r.String("country", room.country);
        r.Int("capacity", room.capacity);
        r.String("timeZone", room.time_zone, false);  // null: UTC
        r.Int("version", room.version);
    });
    ReadTable(root, "devices", out.devices, errors,
              [](FieldReader& r, const Json& item, Device& device) {
                  r.String("serial", device.serial);
                  ReadId(r, "accountId", device.account_id);
                  r.String("product", device.product);
                  device.room_id = 0;
                  if (item.contains("roomId") && !item["roomId"].is_null()) {
                      ReadId(r, "roomId", device.room_id);
                  }
                  ReadDate(r, "purchaseDate", device.purchase_date);
              });
    ReadTable(root, "contracts", out.contracts, errors,
              [](FieldReader& r, const Json& item, Contract& contract) {
                  ReadId(r, "id", contract.id);
                  ReadId(r, "orderId", contract.order_id);
                  ReadId(r, "accountId", contract.account_id);
                  r.String("poNumber", contract.po_number);
                  r.String("sku", contract.sku);
                  r.String("program", contract.program);
                  r.Int("quantity", contract.quantity);
                  r.Int("termYears", contract.term_years);
                  ReadDate(r, "purchaseDate", contract.purchase_date);
                  ReadOptionalDate(item, r, "firstAssigned", contract.first_assigned);
                  r.Bool("cancelled", contract.cancelled);
              });
    ReadTable(root, "assignments", out.assignments, errors,
              [](FieldReader& r, const Json& item, Assignment& assignment) {
                  ReadId(r, "id", assignment.id);
                  ReadId(r, "contractId", assignment.contract_id);
                  r.Int("slot", assignment.slot);
                  ReadId(r, "roomId", assignment.room_id);
                  ReadDate(r, "assignedOn", assignment.assigned_on);
                  ReadOptionalDate(item, r, "releasedOn", assignment.released_on);
                  if (assignment.released_on) {
                      std::string reason;
                      if (r.String("releaseReason", reason) &&
                          !ReleaseReasonFrom(reason, assignment.release_reason)) {
                          r.Fail("releaseReason", "must be unassigned, moved or cancelled");
                      }
                  }
              });
    return errors.size() == before;
}

}  // namespace portal::api
