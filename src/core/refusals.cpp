#include "core/refusals.h"

namespace portal::refusals {

namespace {

Refusal Make(const char* code, const char* rule, std::string en, std::string fr,
             std::string field = {}) {
    return Refusal{code, rule, Text{std::move(en), std::move(fr)}, std::move(field)};
}

std::string Quoted(const std::string& text) {
    return "\"" + text + "\"";
}
std::string Guillemets(const std::string& text) {
    return "« " + text + " »";
}

}  // namespace

Refusal RoomNotFound() {
    return Make("room_not_found", "", "This room does not exist.", "Cette salle n'existe pas.",
                "roomId");
}

Refusal ContractNotFound() {
    return Make("contract_not_found", "", "This contract does not exist.",
                "Ce contrat n'existe pas.", "contractId");
}

Refusal OrderNotFound() {
    return Make("order_not_found", "", "This order does not exist.", "Cette commande n'existe pas.",
                "orderId");
}

Refusal DeviceNotFound(const std::string& serial) {
    return Make("device_not_found", "", "No device has the serial number " + serial + ".",
                "Aucun appareil n'a le numéro de série " + serial + ".", "serial");
}

Refusal AccountNotFound() {
    return Make("account_not_found", "", "This account does not exist.", "Ce compte n'existe pas.",
                "accountId");
}

Refusal WrongAccount(const std::string& room, const std::string& po) {
    return Make("wrong_account", "R-ROOM-2",
                "Room " + Quoted(room) + " is not in the account that owns PO " + po + ".",
                "La salle " + Guillemets(room) +
                    " n'appartient pas au compte titulaire du bon de commande " + po + ".");
}

Refusal NotAssignable(const std::string& program) {
    return Make("not_assignable", "R-ROOM-6",
                program + " covers devices, not rooms: its licenses are not assigned to rooms.",
                program +
                    " couvre des appareils, pas des salles : ses licences ne s'attribuent pas à "
                    "des salles.");
}

Refusal ContractCancelled(const std::string& po) {
    return Make("contract_cancelled", "R-ORD-7",
                "PO " + po + " was cancelled: its licenses can no longer be used.",
                "Le bon de commande " + po +
                    " a été annulé : ses licences ne peuvent plus être utilisées.");
}

Refusal NotYetPurchased(const std::string& po, const std::string& purchase_date) {
    return Make(
        "not_yet_purchased", "R-TERM-1",
        "PO " + po + " is dated " + purchase_date + ": its licenses cannot be used earlier.",
        "Le bon de commande " + po + " est daté du " + purchase_date +
            " : ses licences ne peuvent pas être utilisées avant.");
}

Refusal ContractExpired(const std::string& po, const std::string& end) {
    return Make("contract_expired", "R-TERM-2",
                "The term of PO " + po + " ended on " + end +
                    ". Service for a room needs a new purchase and a new assignment.",
                "Le contrat du bon de commande " + po + " a pris fin le " + end +
                    ". Le service d'une salle demande un nouvel achat et une nouvelle "
                    "attribution.");
}

Refusal CountryNotListed(const std::string& country) {
    return Make("country_not_listed", "R-ROOM-5",
                "The service catalogue does not cover rooms in " + country + ".",
                "Le catalogue de services ne couvre pas les salles situées en " + country + ".",
                "country");
}

Refusal ProgramUnavailable(const std::string& program, const std::string& country) {
    return Make("program_unavailable", "R-ROOM-5",
                program + " is not available in " + country + ".",
                program + " n'est pas disponible dans ce pays (" + country + ").");
}

Refusal RoomAlreadyLicensed(const std::string& room, const std::string& program) {
    return Make(
        "room_already_licensed", "R-ROOM-1",
        "Room " + Quoted(room) + " already holds an active " + program + " license.",
        "La salle " + Guillemets(room) + " détient déjà une licence " + program + " active.");
}

Refusal NoFreeLicense(const std::string& po, int quantity) {
    return Make("no_free_license", "R-ROOM-1",
                "All " + std::to_string(quantity) + " licenses of PO " + po +
                    " are assigned. Unassign one or use another contract.",
                "Les " + std::to_string(quantity) + " licences du bon de commande " + po +
                    " sont toutes attribuées. Libérez-en une ou utilisez un autre contrat.");
}

Refusal NoLicenseHeld(const std::string& room, const std::string& program) {
    return Make("no_license", "R-ROOM-1",
                "Room " + Quoted(room) + " holds no " + program + " license.",
                "La salle " + Guillemets(room) + " ne détient aucune licence " + program + ".");
}

Refusal SameRoom() {
    return Make("same_room", "R-ROOM-4", "The destination is the room it is already in.",
                "La destination est la salle où il se trouve déjà.", "toRoomId");
}

Refusal DeviceOtherAccount(const std::string& serial) {
    return Make("wrong_account", "R-ROOM-2",
                "Device " + serial + " belongs to another account than the room.",
                "L'appareil " + serial + " appartient à un autre compte que la salle.");
}

Refusal InvalidSerial(const std::string& serial) {
    return Make(
        "invalid_serial", "R-ROOM-3",
        Quoted(serial) + " is not a serial number: use 4 to 32 letters, digits or dashes.",
        Guillemets(serial) + " n'est pas un numéro de série : 4 à 32 lettres, chiffres ou tirets.",
        "serial");
}

Refusal UnknownProduct(const std::string& product) {
    return Make("unknown_product", "R-ROOM-3", Quoted(product) + " is not a supported product.",
                Guillemets(product) + " n'est pas un produit pris en charge.", "product");
}

Refusal SerialInUse(const std::string& serial) {
    return Make("serial_in_use", "R-ROOM-3",
                "The serial number " + serial + " is already registered.",
                "Le numéro de série " + serial + " est déjà enregistré.", "serial");
}

Refusal SerialUnavailable() {
    return Make("serial_unavailable", "R-ROOM-3",
                "This serial number cannot be registered. If the device is yours, contact support "
                "with its proof of purchase.",
                "Ce numéro de série ne peut pas être enregistré. Si l'appareil est à vous, "
                "contactez le support avec sa preuve d'achat.",
                "serial");
}

Refusal PurchaseInFuture() {
    return Make("invalid_purchase_date", "R-ROOM-3", "The purchase date is in the future.",
                "La date d'achat est dans le futur.", "purchaseDate");
}

Refusal AlreadyCancelled(const std::string& po) {
    return Make("already_cancelled", "R-ORD-7", "PO " + po + " is already cancelled.",
                "Le bon de commande " + po + " est déjà annulé.");
}

Refusal CancellationClosed(const std::string& po, const std::string& deadline, int days) {
    return Make("cancellation_window_closed", "R-ORD-7",
                "PO " + po + " could be cancelled until " + deadline + "; the " +
                    std::to_string(days) + "-day window is closed.",
                "Le bon de commande " + po + " pouvait être annulé jusqu'au " + deadline +
                    " ; le délai de " + std::to_string(days) + " jours est passé.");
}

Refusal MixedPrograms(const std::string& first, const std::string& second) {
    return Make(
        "mixed_programs", "R-ORD-2",
        "One PO may hold one service type only; this one mixes " + first + " and " + second + ".",
        "Un bon de commande ne peut contenir qu'un seul type de service ; celui-ci "
        "mélange " +
            first + " et " + second + ".",
        "lines");
}

}  // namespace portal::refusals
