// The state of People & access: what it loaded beyond the account's state, and its forms.
#pragma once

#include "app/remote.h"

namespace portal::app {

struct PeoplePageState {
    // Another account was chosen, or the user signed out: forget what was loaded.
    void ForgetAccount() {}
};

}  // namespace portal::app
