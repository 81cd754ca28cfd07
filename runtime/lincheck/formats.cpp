// History file formats: detection and dispatch to the parser of each format.
#include "runtime/lincheck/formats.hpp"

#include <string>

namespace dslab::lincheck {

InputError::InputError(std::string file, std::size_t line, const std::string& message)
    : std::runtime_error(file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " +
                         message),
      file_(std::move(file)),
      line_(line) {}

void skip_byte_order_mark(std::istream& in) {
  const std::streampos start = in.tellg();
  char bom[3] = {};
  if (in.read(bom, 3) && bom[0] == '\xEF' && bom[1] == '\xBB' && bom[2] == '\xBF') return;
  in.clear();
  in.seekg(start);
}

Format detect_format(std::istream& in, const std::string& file) {
  skip_byte_order_mark(in);
  const std::streampos start = in.tellg();
  std::string line;
  std::size_t number = 0;
  Format format = Format::kJsonLines;
  while (std::getline(in, line)) {
    ++number;
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    const std::string_view text = std::string_view(line).substr(first);
    if (text.starts_with(";")) continue;  // an EDN comment line: the format shows further down
    if (text.starts_with("INFO")) {
      format = Format::kJepsenEtcd;
    } else if (text.starts_with("{:")) {
      format = Format::kEdnKv;
    } else if (text.starts_with("{")) {
      format = Format::kJsonLines;
    } else {
      throw InputError(file, number,
                       "unrecognised history format: the first line that is not blank or a ';' "
                       "comment is neither a Jepsen etcd log line ('INFO jepsen.util - ...'), an "
                       "EDN map ('{:process ...}') nor a JSON object ('{\"type\": ...}')");
    }
    break;
  }
  in.clear();
  in.seekg(start);
  return format;
}

namespace {
[[noreturn]] void wrong_model(const std::string& file, std::string_view format,
                              std::string_view model) {
  throw InputError(file, 0,
                   std::string(format) + " files hold " + std::string(model) +
                       " histories; choose that model");
}
}  // namespace

Parsed<RegisterModel> read_register(std::istream& in, const std::string& file) {
  switch (detect_format(in, file)) {
    case Format::kJepsenEtcd:
      return detail::read_jepsen_etcd(in, file);
    case Format::kEdnKv:
      wrong_model(file, "Jepsen EDN key-value", "kv");
    case Format::kJsonLines:
      break;
  }
  return detail::read_jsonl_register(in, file);
}

Parsed<KvModel> read_kv(std::istream& in, const std::string& file) {
  switch (detect_format(in, file)) {
    case Format::kJepsenEtcd:
      wrong_model(file, "Jepsen etcd", "register");
    case Format::kEdnKv:
      return detail::read_edn_kv(in, file);
    case Format::kJsonLines:
      break;
  }
  return detail::read_jsonl_kv(in, file);
}

Parsed<BankModel> read_bank(std::istream& in, const std::string& file) {
  switch (detect_format(in, file)) {
    case Format::kJepsenEtcd:
      wrong_model(file, "Jepsen etcd", "register");
    case Format::kEdnKv:
      wrong_model(file, "Jepsen EDN key-value", "kv");
    case Format::kJsonLines:
      break;
  }
  return detail::read_jsonl_bank(in, file);
}

}  // namespace dslab::lincheck
