// When to try a failed request again. Pure: the caller passes the attempt count and gets a
// delay; the app turns it into a timer.
#pragma once

namespace portal {

// Exponential backoff: 1 s, 2 s, 4 s, ... capped at max_seconds. attempt counts from 1.
double RetryDelaySeconds(int attempt, double max_seconds = 15.0);

}  // namespace portal
