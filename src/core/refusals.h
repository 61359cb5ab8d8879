// The sentences of every refusal, in English and French, in one place so that they stay
// consistent and translated together. Internal to the engine.
#pragma once

#include <string>

#include "core/refusal.h"

namespace portal::refusals {

Refusal RoomNotFound();
Refusal ContractNotFound();
Refusal OrderNotFound();
Refusal DeviceNotFound(const std::string& serial);
Refusal AccountNotFound();
Refusal WrongAccount(const std::string& room, const std::string& po);
Refusal NotAssignable(const std::string& program);
Refusal ContractCancelled(const std::string& po);
Refusal NotYetPurchased(const std::string& po, const std::string& purchase_date);
Refusal ContractExpired(const std::string& po, const std::string& end);
Refusal CountryNotListed(const std::string& country);
Refusal ProgramUnavailable(const std::string& program, const std::string& country);
Refusal RoomAlreadyLicensed(const std::string& room, const std::string& program);
Refusal NoFreeLicense(const std::string& po, int quantity);
Refusal NoLicenseHeld(const std::string& room, const std::string& program);
Refusal SameRoom();
Refusal DeviceOtherAccount(const std::string& serial);
Refusal InvalidSerial(const std::string& serial);
Refusal UnknownProduct(const std::string& product);
Refusal SerialInUse(const std::string& serial);
// A serial another account holds: says nothing that would confirm another customer has it.
Refusal SerialUnavailable();
Refusal PurchaseInFuture();
Refusal AlreadyCancelled(const std::string& po);
Refusal CancellationClosed(const std::string& po, const std::string& deadline, int days);
Refusal MixedPrograms(const std::string& first, const std::string& second);

}  // namespace portal::refusals
