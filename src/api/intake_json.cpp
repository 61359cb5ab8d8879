#include "api/intake_json.h"

#include "api/model_json.h"

namespace portal::api {

Json OrderIntakeToJson(const Order& order) {
    // One writer of parties and lines (OrderToJson), less what only the server decides.
    Json json = OrderToJson(order, Date{});
    for (const char* key : {"id", "status", "accountId", "cancelledOn", "cancellableUntil"}) {
        json.erase(key);
    }
    return json;
}

bool IntakeResultFromJson(const Json& json, IntakeResult& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    if (const Json* order = root.Object("order")) {
        FieldReader reader(*order, "order", errors);
        reader.Int64("id", out.id);
        reader.String("status", out.status);
        reader.Int64("accountId", out.account_id, /*required=*/false);
        reader.String("poNumber", out.po_number);
        reader.String("reason", out.reason, /*required=*/false);
        if (const Json* contracts = reader.Array("contracts", /*required=*/false)) {
            out.contracts = static_cast<int>(contracts->size());
        }
    }
    return errors.size() == before;
}

bool OrderListFromJson(const Json& json, std::vector<ListedOrder>& out,
                       std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    out.clear();
    if (const Json* orders = root.Array("orders")) {
        for (size_t i = 0; i < orders->size(); ++i) {
            const Json& item = (*orders)[i];
            ListedOrder& listed = out.emplace_back();
            // OrderFromJson reads the shape as the intake sent it; the rest is the server's.
            std::vector<FieldError> shape;
            OrderFromJson(item, listed.order, shape);
            for (FieldError& error : shape) {
                error.field = IndexPath("orders", i) + "." + error.field;
                errors.push_back(std::move(error));
            }
            FieldReader reader(item, IndexPath("orders", i), errors);
            long long id = 0;
            if (reader.Int64("id", id)) listed.order.id = id;
            std::string status;
            if (reader.String("status", status) && !OrderStatusFrom(status, listed.order.status)) {
                reader.Fail("status", "is not an order status");
            }
            long long account = 0;
            if (reader.Int64("accountId", account, /*required=*/false)) {
                listed.order.account_id = account;
            }
            reader.String("reason", listed.reason, /*required=*/false);
        }
    }
    return errors.size() == before;
}

}  // namespace portal::api
