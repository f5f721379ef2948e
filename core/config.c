#include "config.h"

pystd_config pystd_conf = {
    .bind = "0.0.0.0",
    .port = 8080,
    .threads = 0,
    .max_body = 16u << 20,
    .max_conns = 4096,
    .max_conns_per_ip = 1024,
    .conn_timeout = 30,
    .max_header = 32u << 10,
    .grace = 8.0,
    .log_level = 1,
    .int_max_digits = 100000,
    .json_max_depth = 990,
    .max_items = 1000000,
    .max_result_bytes = 64u << 20,
    .data_dir = "./data",
    .allow_net = "",
    .user_agent = "pystd/1.0 (Python-urllib/3.11 compatible)",
    .max_response = 16u << 20,
    .max_fetch_seconds = 300,
};
