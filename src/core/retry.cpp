#include "core/retry.h"

#include <algorithm>

namespace portal {

double RetryDelaySeconds(int attempt, double max_seconds) {
    if (attempt < 1) attempt = 1;
    double delay = 1.0;
    for (int i = 1; i < attempt && delay < max_seconds; ++i) delay *= 2.0;
    return std::min(delay, max_seconds);
}

}  // namespace portal
