// Line sources of the exam session (see line_reader.hpp). Line editing uses libedit (Debian's
// libedit-dev) when the build found it (DSLAB_HAVE_LIBEDIT).
#include "grader/exam/line_reader.hpp"

#include <unistd.h>

#include <iostream>

#include "grader/exam/command.hpp"

#ifdef DSLAB_HAVE_LIBEDIT
#include <histedit.h>
#endif

namespace dslab::exam {
namespace {

class PlainReader final : public LineReader {
 public:
  PlainReader(std::istream& in, std::FILE* echo) : in_(in), echo_(echo) {}
  std::optional<std::string> read(const std::string& prompt) override {
    std::string line;
    if (!std::getline(in_, line)) return std::nullopt;
    if (echo_ != nullptr) {
      std::fprintf(echo_, "%s%s\n", prompt.c_str(), line.c_str());
      std::fflush(echo_);
    }
    return line;
  }

 private:
  std::istream& in_;
  std::FILE* echo_;
};

#ifdef DSLAB_HAVE_LIBEDIT
class EditReader final : public LineReader {
 public:
  EditReader(Completer completer, std::atomic<bool>* interrupted)
      : completer_(std::move(completer)), interrupted_(interrupted) {
    el_ = el_init("dslab-exam", stdin, stdout, stderr);
    history_ = history_init();
    HistEvent ev;
    history(history_, &ev, H_SETSIZE, 1000);
    history(history_, &ev, H_SETUNIQUE, 1);
    el_set(el_, EL_CLIENTDATA, this);
    el_set(el_, EL_EDITOR, "emacs");
    el_set(el_, EL_HIST, history, history_);
    el_set(el_, EL_PROMPT, &EditReader::prompt_of);
    el_set(el_, EL_ADDFN, "exam-complete", "complete a command, node or pending number",
           &EditReader::on_tab);
    el_set(el_, EL_BIND, "^I", "exam-complete", nullptr);
    // Ctrl-C while editing is a key (not a signal) that ends the session cleanly.
    el_set(el_, EL_SETTY, "-d", "-isig", nullptr);
    el_set(el_, EL_ADDFN, "exam-interrupt", "leave the session (the record is written)",
           &EditReader::on_interrupt);
    el_set(el_, EL_BIND, "^C", "exam-interrupt", nullptr);
  }
  ~EditReader() override {
    history_end(history_);
    el_end(el_);
  }
  EditReader(const EditReader&) = delete;
  EditReader& operator=(const EditReader&) = delete;

  std::optional<std::string> read(const std::string& prompt) override {
    prompt_ = prompt;
    int count = 0;
    const char* line = el_gets(el_, &count);
    if (line == nullptr || count <= 0 || (interrupted_ != nullptr && interrupted_->load())) {
      std::fputs("\n", stdout);
      return std::nullopt;
    }
    std::string text(line, static_cast<std::size_t>(count));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (!text.empty()) {
      HistEvent ev;
      history(history_, &ev, H_ENTER, text.c_str());
    }
    return text;
  }

 private:
  static EditReader* self(EditLine* el) {
    void* data = nullptr;
    el_get(el, EL_CLIENTDATA, &data);
    return static_cast<EditReader*>(data);
  }
  static char* prompt_of(EditLine* el) { return self(el)->prompt_.data(); }

  static unsigned char on_interrupt(EditLine* el, int /*ch*/) {
    EditReader* r = self(el);
    if (r->interrupted_ != nullptr) r->interrupted_->store(true);
    return CC_EOF;
  }

  static unsigned char on_tab(EditLine* el, int /*ch*/) {
    EditReader* r = self(el);
    const LineInfo* li = el_line(el);
    const std::string before(li->buffer, static_cast<std::size_t>(li->cursor - li->buffer));
    const auto candidates = r->completer_(before);
    if (candidates.empty()) return CC_REFRESH_BEEP;
    const std::size_t typed =
        before.empty() || before.back() == ' ' ? 0 : before.size() - before.find_last_of(' ') - 1;
    const std::size_t word_start = before.size() - typed;
    const std::string word = before.substr(word_start);
    std::string insert = common_prefix(candidates).substr(word.size());
    if (candidates.size() == 1) insert += " ";
    if (!insert.empty()) {
      el_insertstr(el, insert.c_str());
      return CC_REFRESH;
    }
    std::string list = "\n";
    for (const auto& c : candidates) list += c + "  ";
    std::fprintf(stdout, "%s\n", list.c_str());
    return CC_REDISPLAY;
  }

  Completer completer_;
  std::atomic<bool>* interrupted_;
  std::string prompt_;
  EditLine* el_ = nullptr;
  History* history_ = nullptr;
};
#endif

}  // namespace

std::unique_ptr<LineReader> LineReader::plain(std::istream& in, std::FILE* echo) {
  return std::make_unique<PlainReader>(in, echo);
}

bool LineReader::has_line_editing() {
#ifdef DSLAB_HAVE_LIBEDIT
  return true;
#else
  return false;
#endif
}

std::unique_ptr<LineReader> LineReader::terminal(Completer completer,
                                                 std::atomic<bool>* interrupted) {
#ifdef DSLAB_HAVE_LIBEDIT
  if (isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0) {
    return std::make_unique<EditReader>(std::move(completer), interrupted);
  }
#else
  (void)completer;
  (void)interrupted;
#endif
  return plain(std::cin, stdout);
}

}  // namespace dslab::exam
