// Whole-file reading for the small files the server loads at start (catalogue, demo, web root).
#pragma once

#include <string>

namespace portal::server {

// Reads path into out; on failure error says which file and why.
bool ReadFile(const std::string& path, std::string& out, std::string& error);

}  // namespace portal::server
