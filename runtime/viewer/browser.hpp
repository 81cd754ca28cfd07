// Test support: loads a page in Debian's headless chromium and returns the DOM after its scripts
// ran (--dump-dom). Used by the viewer's browser test and its load-time measurement only.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace dslab::viewer {

/// The chromium executable on PATH ("chromium" or "chromium-browser"), or nothing.
std::optional<std::filesystem::path> find_chromium();

/// The DOM dump of `page`, or a one-line error in `error`. Runs chromium headless with a fresh
/// profile directory (removed afterwards), no network services and no sandbox (it may run as
/// root); kills it after `timeout`. Not thread-safe (it forks).
/// `fragment` (e.g. "event=3") is appended to the page's URL after '#'.
std::optional<std::string> dump_dom(const std::filesystem::path& chromium,
                                    const std::filesystem::path& page,
                                    std::chrono::milliseconds timeout, std::string& error,
                                    const std::string& fragment = "");

/// The value of the attribute `name` on the first element that has it in `dom` (serialized by
/// the browser: name="value"), or nothing.
std::optional<std::string> attribute(const std::string& dom, const std::string& name);

}  // namespace dslab::viewer
