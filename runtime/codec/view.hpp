// Human views of codec values: a JSON view (traces, exam harness, reports) and a compact one-line
// text view such as `Prepare(round=5, value="a")` for trace renderings.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/codec/wire.hpp"

namespace dslab::codec {

using Json = nlohmann::ordered_json;

/// Splits DSLAB_STATE's stringified field list into display names ("promised_" -> "promised").
std::vector<std::string> split_field_names(std::string_view list);

/// Field display names of a described type, computed once per type.
template <class T>
const std::vector<std::string>& field_names() {
  static const std::vector<std::string> names = split_field_names(Access::field_names<T>());
  return names;
}

/// The name shown for a type inside a variant.
template <class T>
std::string display_name() {
  if constexpr (Described<T>) {
    return std::string(Access::type_name<T>());
  } else if constexpr (std::is_same_v<T, std::string>) {
    return "string";
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return "none";
  } else if constexpr (std::is_same_v<T, bool>) {
    return "bool";
  } else if constexpr (std::is_integral_v<T>) {
    return "int";
  } else {
    return "value";
  }
}

/// The name of the alternative a variant holds (or the type's own name otherwise).
template <class T>
std::string alternative_name(const T& value) {
  if constexpr (IsVariant<T>::value) {
    return std::visit([](const auto& alt) { return display_name<std::decay_t<decltype(alt)>>(); },
                      value);
  } else {
    return display_name<T>();
  }
}

/// JSON view. Described types become objects with a leading "type" member.
template <class T>
Json to_json(const T& value) {
  if constexpr (std::is_same_v<T, bool> || std::is_integral_v<T> || std::is_same_v<T, double> ||
                std::is_same_v<T, std::string>) {
    return Json(value);
  } else if constexpr (std::is_enum_v<T>) {
    return Json(static_cast<std::underlying_type_t<T>>(value));
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return Json(nullptr);
  } else if constexpr (IsOptional<T>::value) {
    return value ? to_json(*value) : Json(nullptr);
  } else if constexpr (IsVariant<T>::value) {
    return std::visit([](const auto& alt) { return to_json(alt); }, value);
  } else if constexpr (IsVector<T>::value || IsMapOrSet<T>::value || IsArray<T>::value) {
    Json out = Json::array();
    for (const auto& element : value) out.push_back(to_json(element));
    return out;
  } else if constexpr (IsTupleLike<T>::value) {
    Json out = Json::array();
    std::apply([&](const auto&... parts) { (out.push_back(to_json(parts)), ...); }, value);
    return out;
  } else if constexpr (Described<T>) {
    Json out = Json::object();
    out["type"] = std::string(Access::type_name<T>());
    const auto& names = field_names<T>();
    std::size_t i = 0;
    std::apply([&](const auto&... fields) { ((out[names[i++]] = to_json(fields)), ...); },
               Access::fields(value));
    return out;
  } else {
    static_assert(sizeof(T) == 0, "dslab codec: type not supported; declare it with DSLAB_STATE");
  }
}

/// Quotes and escapes a string for the text view.
std::string quote(std::string_view text);

/// Compact one-line text view: `Promise(round=5, accepted=none)`, `[1, 2]`, `"a"`.
template <class T>
std::string to_text(const T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    return value ? "true" : "false";
  } else if constexpr (std::is_enum_v<T>) {
    return std::to_string(static_cast<std::underlying_type_t<T>>(value));
  } else if constexpr (std::is_integral_v<T>) {
    return std::to_string(value);
  } else if constexpr (std::is_same_v<T, double>) {
    return Json(value).dump();
  } else if constexpr (std::is_same_v<T, std::string>) {
    return quote(value);
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return "none";
  } else if constexpr (IsOptional<T>::value) {
    return value ? to_text(*value) : std::string("none");
  } else if constexpr (IsVariant<T>::value) {
    return std::visit([](const auto& alt) { return to_text(alt); }, value);
  } else if constexpr (IsVector<T>::value || IsMapOrSet<T>::value || IsArray<T>::value) {
    std::string out = "[";
    for (const auto& element : value) {
      if (out.size() > 1) out += ", ";
      out += to_text(element);
    }
    return out + "]";
  } else if constexpr (IsTupleLike<T>::value) {
    std::string out = "(";
    std::apply([&](const auto&... parts) {
      ((out += (out.size() > 1 ? ", " : "") + to_text(parts)), ...);
    }, value);
    return out + ")";
  } else if constexpr (Described<T>) {
    std::string out(Access::type_name<T>());
    out += "(";
    const auto& names = field_names<T>();
    std::size_t i = 0;
    std::apply([&](const auto&... fields) {
      ((out += (i > 0 ? ", " : "") + names[i] + "=" + to_text(fields), ++i), ...);
    }, Access::fields(value));
    return out + ")";
  } else {
    static_assert(sizeof(T) == 0, "dslab codec: type not supported; declare it with DSLAB_STATE");
  }
}

}  // namespace dslab::codec
