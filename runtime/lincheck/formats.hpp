// History files: the Jepsen etcd log, the Jepsen EDN key-value log, and dslab's JSON lines.
#pragma once

#include <cstddef>
#include <istream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "runtime/lincheck/bank_model.hpp"
#include "runtime/lincheck/history.hpp"
#include "runtime/lincheck/kv_model.hpp"
#include "runtime/lincheck/register_model.hpp"

namespace dslab::lincheck {

/// A malformed history file. what() reads "<file>:<line>: <message>" (line 0: whole file).
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, std::size_t line, const std::string& message);
  const std::string& file() const { return file_; }
  std::size_t line() const { return line_; }

 private:
  std::string file_;
  std::size_t line_;
};

/// The file formats the checker reads (see README.md for each).
enum class Format {
  kJepsenEtcd,  ///< "INFO  jepsen.util - 3	:invoke	:read	nil" (register only)
  kEdnKv,       ///< "{:process 9, :type :invoke, :f :append, :key "0", :value "x"}" (kv only;
                ///< ';' comments and `:process :nemesis` events are skipped, as Knossos does)
  kJsonLines,   ///< dslab's own: one JSON object per line (every model)
};

/// Consumes a UTF-8 byte-order mark at the current position of `in`, if there is one.
void skip_byte_order_mark(std::istream& in);

/// Guesses the format from the first line that is neither blank nor a ';' comment, after a
/// UTF-8 byte-order mark if there is one (left consumed); empty input counts as JSON lines.
/// Throws InputError (naming `file` and the line) if the line fits no format.
Format detect_format(std::istream& in, const std::string& file);

/// A model configured by the file (initial values) and the history to check against it.
template <class M>
struct Parsed {
  M model;
  History<M> history;
};

/// Reads a register history (Jepsen etcd log or JSON lines). Throws InputError.
Parsed<RegisterModel> read_register(std::istream& in, const std::string& file);
/// Reads a key-value history (Jepsen EDN or JSON lines). Throws InputError.
Parsed<KvModel> read_kv(std::istream& in, const std::string& file);
/// Reads a bank history (JSON lines). Throws InputError.
Parsed<BankModel> read_bank(std::istream& in, const std::string& file);

namespace detail {
/// Parsers of each format, reading from the current position of `in`.
Parsed<RegisterModel> read_jepsen_etcd(std::istream& in, const std::string& file);
Parsed<KvModel> read_edn_kv(std::istream& in, const std::string& file);
Parsed<RegisterModel> read_jsonl_register(std::istream& in, const std::string& file);
Parsed<KvModel> read_jsonl_kv(std::istream& in, const std::string& file);
Parsed<BankModel> read_jsonl_bank(std::istream& in, const std::string& file);
}  // namespace detail

}  // namespace dslab::lincheck
