// How long the run page of a large trace takes to open in headless chromium: generates the
// sample run with about N events (default 10,000), writes its page and prints the time from
// navigation start to the end of the first rendering, as the page measured it itself.
#include <fmt/format.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "runtime/viewer/browser.hpp"
#include "runtime/viewer/sample_run.hpp"

int main(int argc, char** argv) {
  using namespace dslab;
  if (argc > 1 && std::string(argv[1]) == "--help") {
    std::cout << "usage: viewer_bench [EVENTS] [OUT.html]\n"
                 "Opens the sample run's page with about EVENTS events (default 10000) in headless\n"
                 "chromium and prints the page's own time to render (ms since navigation start).\n";
    return 0;
  }
  const std::uint64_t events = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000;
  const std::string out = argc > 2 ? argv[2] : "/tmp/dslab-viewer-bench.html";
  if (events == 0) {
    std::cerr << "viewer_bench: EVENTS must be a positive number\n";
    return 2;
  }
  const auto chromium = viewer::find_chromium();
  if (!chromium) {
    std::cerr << "viewer_bench: chromium is not installed (ci/setup)\n";
    return 2;
  }
  const viewer::RunPage page = viewer::sample::page(sec(10), events);
  const std::string html = viewer::render_run(page);
  if (const auto error = viewer::write_page(out, html); !error.empty()) {
    std::cerr << "viewer_bench: " << error << "\n";
    return 2;
  }
  for (int run = 1; run <= 3; ++run) {
    std::string error;
    const auto dom = viewer::dump_dom(*chromium, out, std::chrono::seconds(60), error);
    if (!dom) {
      std::cerr << "viewer_bench: " << error << "\n";
      return 1;
    }
    std::cout << fmt::format("run {}: {} events, page {} KB: ready at {} ms, first render {} ms, {} script errors\n",
                             run, page.events.size(), html.size() / 1024,
                             viewer::attribute(*dom, "data-ready-ms").value_or("?"),
                             viewer::attribute(*dom, "data-render-ms").value_or("?"),
                             viewer::attribute(*dom, "data-errors").value_or("?"));
  }
  return 0;
}
