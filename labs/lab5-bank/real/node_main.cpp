// bin/lab5_node: lab 5's node program on a real network (runtime/net): the student's bank
// replica over the student's lab 4 replica as its log (bank_over_log.hpp), with the runtime's
// heartbeat leader detector telling both parts who leads.
#include "labs/lab5-bank/real/bank_over_log.hpp"
#include "runtime/net/node_process.hpp"

int main(int argc, char** argv) {
  return dslab::net::run_node<lab5::real::BankOverLog, lab4::Leader>(argc, argv, "lab5-bank");
}
