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

}  // namespace portal
