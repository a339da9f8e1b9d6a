-- Demo data for `make demo`: a small shop with values partner CSV parsers often choke on
-- (commas, quotes, newlines, non-ASCII). Re-runnable: it drops and recreates its tables.
-- psql variable: reader_password (for the demo_reader role, which may only SELECT).
\set ON_ERROR_STOP on
SET client_min_messages = warning;

DROP TABLE IF EXISTS order_items, orders, products, customers CASCADE;

CREATE TABLE customers (
  id         bigint PRIMARY KEY,
  name       text NOT NULL,
  email      text,
  city       text,
  note       text,
  created_at timestamptz NOT NULL
);

CREATE TABLE products (
  id          integer PRIMARY KEY,
  sku         varchar(32) NOT NULL UNIQUE,
  title       text NOT NULL,
  price       numeric(12,2) NOT NULL,
  in_stock    boolean NOT NULL
);

CREATE TABLE orders (
  id          bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers,
  status      text NOT NULL,
  ordered_on  date NOT NULL,
  total       numeric(12,2) NOT NULL,
  comment     text
);

CREATE TABLE order_items (
  order_id   bigint REFERENCES orders,
  line_no    integer,
  product_id integer NOT NULL REFERENCES products,
  quantity   integer NOT NULL,
  unit_price numeric(12,2) NOT NULL,
  PRIMARY KEY (order_id, line_no)
);

INSERT INTO customers VALUES
  (1, 'Ada Lovelace', 'ada@example.com', 'London', 'prefers "analytical" engines, not ''difference'' ones', '2025-12-01 09:15:00+00'),
  (2, 'Zoë Ångström', 'zoe@example.se', 'Malmö', E'two\nlines', '2025-12-02 10:00:00+01'),
  (3, 'Müller, Jörg', NULL, 'Köln', 'comma, inside', '2025-12-03 23:59:59.999999+00'),
  (4, '山田 太郎', 'taro@example.jp', '東京', '', '2025-12-04 12:00:00+09'),
  (5, 'O''Brien', 'ob@example.ie', 'Dublin', NULL, '2025-12-05 08:30:00+00');

INSERT INTO customers
SELECT g, 'Customer ' || g, 'c' || g || '@example.com',
       (ARRAY['Berlin', 'Paris', 'São Paulo', 'Kraków', 'Zürich'])[1 + g % 5],
       CASE WHEN g % 7 = 0 THEN E'multi\r\nline' WHEN g % 5 = 0 THEN 'say "hi", please' END,
       TIMESTAMPTZ '2025-12-06 00:00:00+00' + g * INTERVAL '37 minutes'
FROM generate_series(6, 200) g;

INSERT INTO products
SELECT g, 'SKU-' || lpad(g::text, 5, '0'),
       (ARRAY['Widget', 'Gadget, deluxe', '12" ruler', 'Café mug', 'Naïve notebook'])[1 + g % 5] || ' #' || g,
       round((g * 3.17)::numeric % 500 + 0.99, 2), g % 4 <> 0
FROM generate_series(1, 50) g;

INSERT INTO orders
SELECT g, 1 + (g * 7) % 200, (ARRAY['open', 'paid', 'shipped', 'cancelled'])[1 + g % 4],
       DATE '2026-01-01' + (g % 60), 0,
       CASE WHEN g % 11 = 0 THEN E'leave at door;\ncall first' END
FROM generate_series(1, 1000) g;

INSERT INTO order_items
SELECT o.id, l, 1 + (o.id * l) % 50, 1 + (o.id + l) % 5, p.price
FROM orders o
CROSS JOIN generate_series(1, 3) l
JOIN products p ON p.id = 1 + (o.id * l) % 50
WHERE l <= 1 + o.id % 3;

UPDATE orders o SET total = s.total
FROM (SELECT order_id, sum(quantity * unit_price) AS total FROM order_items GROUP BY order_id) s
WHERE s.order_id = o.id;

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'demo_reader') THEN
    CREATE ROLE demo_reader LOGIN;
  END IF;
END $$;
ALTER ROLE demo_reader PASSWORD :'reader_password';
GRANT USAGE ON SCHEMA public TO demo_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO demo_reader;
