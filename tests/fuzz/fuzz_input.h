// What the fuzz targets share: the input as text, and a selector byte that picks one reader of
// a table. A selector past the table's end is skipped (not wrapped), so that appending a row
// never changes what the committed corpus files exercise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace portal::fuzz {

inline std::string_view Text(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// The first byte as a row of a table of `rows`; false when there is no byte or no such row.
inline bool Select(std::string_view& input, size_t rows, size_t& row) {
    if (input.empty()) return false;
    row = static_cast<unsigned char>(input[0]);
    input.remove_prefix(1);
    return row < rows;
}

}  // namespace portal::fuzz
