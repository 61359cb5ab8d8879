# Shared CMake helpers: warnings, dependencies that differ between native and web builds.

# Size first for the browser: these flags were measured on this toolchain (toolchain.md).
if(EMSCRIPTEN)
    add_compile_options("$<$<CONFIG:Release>:-Oz;-flto>" -fno-exceptions -fno-rtti)
    add_link_options("$<$<CONFIG:Release>:-Oz;-flto>" -fno-exceptions -fno-rtti)
endif()

function(portal_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
endfunction()

# nlohmann/json is header-only. For emcc we must not add -I/usr/include (it would pull the
# host's libc headers in), so the web build gets an include root holding only a link to it.
if(EMSCRIPTEN)
    set(_json_root "${CMAKE_BINARY_DIR}/json-include")
    file(MAKE_DIRECTORY "${_json_root}")
    if(NOT EXISTS "${_json_root}/nlohmann")
        file(CREATE_LINK /usr/include/nlohmann "${_json_root}/nlohmann" SYMBOLIC)
    endif()
    add_library(portal_json INTERFACE)
    target_include_directories(portal_json SYSTEM INTERFACE "${_json_root}")
else()
    find_package(nlohmann_json 3.11 REQUIRED)
    add_library(portal_json INTERFACE)
    target_link_libraries(portal_json INTERFACE nlohmann_json::nlohmann_json)
endif()

# Dear ImGui, compiled from the fetched sources. The test-engine hooks are always on: they feed
# window.portalItems() (browser tests) and, later, accessibility.
if(NOT EXISTS "${PORTAL_IMGUI_DIR}/imgui.cpp")
    message(FATAL_ERROR "Dear ImGui sources not found in ${PORTAL_IMGUI_DIR}: run scripts/setup")
endif()
add_library(portal_imgui STATIC
    ${PORTAL_IMGUI_DIR}/imgui.cpp
    ${PORTAL_IMGUI_DIR}/imgui_draw.cpp
    ${PORTAL_IMGUI_DIR}/imgui_tables.cpp
    ${PORTAL_IMGUI_DIR}/imgui_widgets.cpp)
target_include_directories(portal_imgui SYSTEM PUBLIC ${PORTAL_IMGUI_DIR})
target_compile_definitions(portal_imgui PUBLIC
    IMGUI_ENABLE_TEST_ENGINE
    IMGUI_DISABLE_OBSOLETE_FUNCTIONS
    IMGUI_DISABLE_OBSOLETE_KEYIO
    IMGUI_DISABLE_DEFAULT_FONT)
