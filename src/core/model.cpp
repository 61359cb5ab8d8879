#include "core/model.h"

#include <algorithm>

namespace portal {

namespace {

template <class T>
const T* FindById(const std::vector<T>& items, Id id) {
    auto it =
        std::find_if(items.begin(), items.end(), [id](const T& item) { return item.id == id; });
    return it == items.end() ? nullptr : &*it;
}

}  // namespace

const Account* State::FindAccount(Id id) const {
    return FindById(accounts, id);
}
const Room* State::FindRoom(Id id) const {
    return FindById(rooms, id);
}
const Contract* State::FindContract(Id id) const {
    return FindById(contracts, id);
}
const Order* State::FindOrder(Id id) const {
    return FindById(orders, id);
}

const Device* State::FindDevice(const std::string& serial) const {
    auto it = std::find_if(devices.begin(), devices.end(),
                           [&](const Device& device) { return device.serial == serial; });
    return it == devices.end() ? nullptr : &*it;
}

const HeldSlots* State::HeldElsewhere(Id contract_id) const {
    for (const HeldSlots& held : held_elsewhere) {
        if (held.contract_id == contract_id) return &held;
    }
    return nullptr;
}

const char* AccountKindId(AccountKind kind) {
    return kind == AccountKind::Site ? "site" : "headquarters";
}

const char* OrderStatusId(OrderStatus status) {
    switch (status) {
        case OrderStatus::Processed:
            return "processed";
        case OrderStatus::Unmatched:
            return "unmatched";
        case OrderStatus::Cancelled:
            return "cancelled";
    }
    return "processed";
}

const char* ReleaseReasonId(ReleaseReason reason) {
    switch (reason) {
        case ReleaseReason::Unassigned:
            return "unassigned";
        case ReleaseReason::Moved:
            return "moved";
        case ReleaseReason::Cancelled:
            return "cancelled";
    }
    return "unassigned";
}

// The value whose spelling (as `name` gives it) is `text`; false for any other text.
namespace {

template <class Enum, size_t N>
bool EnumFromText(const std::string& text, Enum& out, const Enum (&values)[N],
                  const char* (*name)(Enum)) {
    for (Enum value : values) {
        if (text == name(value)) {
            out = value;
            return true;
        }
    }
    return false;
}

}  // namespace

bool AccountKindFrom(const std::string& text, AccountKind& out) {
    constexpr AccountKind kKinds[] = {AccountKind::Headquarters, AccountKind::Site};
    return EnumFromText(text, out, kKinds, AccountKindId);
}

bool OrderStatusFrom(const std::string& text, OrderStatus& out) {
    constexpr OrderStatus kStatuses[] = {OrderStatus::Processed, OrderStatus::Unmatched,
                                         OrderStatus::Cancelled};
    return EnumFromText(text, out, kStatuses, OrderStatusId);
}

bool ReleaseReasonFrom(const std::string& text, ReleaseReason& out) {
    constexpr ReleaseReason kReasons[] = {ReleaseReason::Unassigned, ReleaseReason::Moved,
                                          ReleaseReason::Cancelled};
    return EnumFromText(text, out, kReasons, ReleaseReasonId);
}

}  // namespace portal
