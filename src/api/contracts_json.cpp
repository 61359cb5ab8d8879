#include "api/contracts_json.h"

namespace portal::api {

namespace {

// A "YYYY-MM-DD" member; required unless told otherwise.
bool ReadDate(FieldReader& reader, std::string_view key, std::optional<Date>& out, bool required) {
    std::string text;
    if (!reader.String(key, text, required)) return false;
    Date date;
    if (!ParseDate(text, date)) {
        reader.Fail(key, "must be a date YYYY-MM-DD");
        return false;
    }
    out = date;
    return true;
}

}  // namespace

bool ContractOrdersFromJson(const Json& json, std::vector<ContractOrder>& out,
                            std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    out.clear();
    if (const Json* contracts = root.Array("contracts")) {
        for (size_t i = 0; i < contracts->size(); ++i) {
            FieldReader item((*contracts)[i], IndexPath("contracts", i), errors);
            ContractOrder& contract = out.emplace_back();
            item.Int64("id", contract.contract_id);
            item.Int64("orderId", contract.order_id);
            item.String("poNumber", contract.po_number);
            ReadDate(item, "cancellableUntil", contract.cancellable_until, false);
        }
    }
    return errors.size() == before;
}

bool SparesFromJson(const Json& json, SparesInfo& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    long long parent = 0;
    root.Int64("parentEntityId", parent);
    out.summary.parent_entity_id = parent;
    root.Int("selectRooms", out.summary.select_rooms);
    root.Int("pools", out.summary.pools);
    out.summary.grants.clear();
    if (const Json* grants = root.Array("grants")) {
        for (size_t i = 0; i < grants->size(); ++i) {
            FieldReader item((*grants)[i], IndexPath("grants", i), errors);
            SpareGrant& grant = out.summary.grants.emplace_back();
            long long order = 0;
            item.Int64("orderId", order);
            grant.order_id = order;
            std::optional<Date> date;
            if (ReadDate(item, "date", date, true)) grant.date = *date;
            item.Int("pool", grant.pool);
        }
    }
    out.candidate_products.clear();
    if (const Json* products = root.Array("candidateProducts", false)) {
        for (size_t i = 0; i < products->size(); ++i) {
            FieldReader item((*products)[i], IndexPath("candidateProducts", i), errors);
            SpareProduct& product = out.candidate_products.emplace_back();
            item.String("product", product.product);
            item.Int("deployed", product.deployed);
        }
    }
    return errors.size() == before;
}

}  // namespace portal::api
