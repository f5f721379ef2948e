/* The one config_settings value (config.h) with its defaults: what a
 * program that uses core/ alone runs with, and what server/cli.c starts from
 * before it applies the flags and PYSTD_* variables. */
#include "base/config.h"

config_settings config = {
    .bind = "0.0.0.0",
    .port = 8080,
    .threads = 0,
    .max_body = 16u << 20,
    .max_conns = 4096,
    .max_conns_per_ip = 1024,
    .conn_timeout = 30,
    .max_header = 16u << 10, /* as Node.js */
    .grace = 8.0,
    .log_level = 1,
    .max_request_seconds = 10.0,
    .max_memory = 0, /* the server sets its default from the cgroup limit or the RAM size */
    .int_max_digits = 100000,
    .json_max_depth = 994, /* python3 -c "json.loads('[' * 995 ...)" raises RecursionError */
    .max_items = 1000000,
    .max_result_bytes = 64u << 20,
    .batch_max_calls = 1000,
    .re_cache_size = 512,
    .re_match_limit = 2000000,
    .re_time_limit = 1.0,
    .re_heap_limit = 65536,
    .re_jit_stack = 8u << 20,
    .re_max_pattern = 100000,
    .re_max_compiled = 16u << 20,
    .max_int_bits = 1u << 20,
    .max_seq_len = 16u << 20,
    .data_dir = "./data",
    .max_file_bytes = 16u << 20,
    .max_store_bytes = (size_t)1 << 30,
    .job_workers = 0,
    .job_queue = 1024,
    .job_keep = 600.0,
    .job_max_kept = 10000,
    .job_max_kept_bytes = 256u << 20,
    .job_max_wait = 60.0,
    .jobs_backend = "memory",
    .job_claim_seconds = 30.0,
    .allow_net = "",
    .user_agent = "pystd/1.0 (Python-urllib/3.11 compatible)",
    .cors_origins = "",
    .trusted_proxies = "",
    .max_response = 16u << 20,
    .max_fetch_seconds = 300,
    .compute_threads = 0,
    .compute_queue = 64,
    .rate_limit = 0,
    .rate_burst = 0,
};
