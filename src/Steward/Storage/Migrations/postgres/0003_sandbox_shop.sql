-- Sandbox shop: the embedded demo commerce backend's data (customers, catalogue, stock, orders, shipments and their
-- tracking, Q&A boards). Every row belongs to an org and every key starts with org_id, so two orgs' sandboxes never
-- touch. Order ids use Cafe24's format YYYYMMDD-NNNNNNN (the date in Asia/Seoul). Timestamps are UTC epoch milliseconds; every number is BIGINT, so both dialects read back Int64.
CREATE TABLE sandbox_customers (
    org_id     TEXT NOT NULL REFERENCES orgs(id),
    id         TEXT NOT NULL,
    name       TEXT NOT NULL,
    phone      TEXT NOT NULL,
    email      TEXT NOT NULL,
    address    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX ux_sandbox_customers_phone ON sandbox_customers (org_id, phone);

CREATE TABLE sandbox_products (
    org_id        TEXT NOT NULL REFERENCES orgs(id),
    product_no    BIGINT NOT NULL,
    name          TEXT NOT NULL,
    category      TEXT NOT NULL,
    price         BIGINT NOT NULL CHECK (price >= 0),
    description   TEXT NOT NULL,
    supplier      TEXT NOT NULL,
    shipping_fee  BIGINT NOT NULL CHECK (shipping_fee >= 0),
    shipping_days BIGINT NOT NULL CHECK (shipping_days >= 0),
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (org_id, product_no)
);
CREATE INDEX ix_sandbox_products_name ON sandbox_products (org_id, name);

CREATE TABLE sandbox_inventory (
    org_id     TEXT NOT NULL REFERENCES orgs(id),
    product_no BIGINT NOT NULL,
    stock      BIGINT NOT NULL CHECK (stock >= 0),
    PRIMARY KEY (org_id, product_no),
    FOREIGN KEY (org_id, product_no) REFERENCES sandbox_products (org_id, product_no)
);

CREATE TABLE sandbox_orders (
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    order_id    TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('결제완료', '배송준비중', '배송중', '배송완료', '취소', '반품')),
    total       BIGINT NOT NULL CHECK (total >= 0),
    ordered_at  BIGINT NOT NULL,
    recipient   TEXT NOT NULL,
    phone       TEXT NOT NULL,
    address     TEXT NOT NULL,
    PRIMARY KEY (org_id, order_id),
    FOREIGN KEY (org_id, customer_id) REFERENCES sandbox_customers (org_id, id)
);
CREATE INDEX ix_sandbox_orders_customer ON sandbox_orders (org_id, customer_id, ordered_at);
CREATE INDEX ix_sandbox_orders_ordered_at ON sandbox_orders (org_id, ordered_at);

CREATE TABLE sandbox_order_items (
    org_id     TEXT NOT NULL REFERENCES orgs(id),
    order_id   TEXT NOT NULL,
    line       BIGINT NOT NULL,
    product_no BIGINT NOT NULL,
    quantity   BIGINT NOT NULL CHECK (quantity > 0),
    price      BIGINT NOT NULL CHECK (price >= 0),
    PRIMARY KEY (org_id, order_id, line),
    FOREIGN KEY (org_id, order_id) REFERENCES sandbox_orders (org_id, order_id),
    FOREIGN KEY (org_id, product_no) REFERENCES sandbox_products (org_id, product_no)
);

CREATE TABLE sandbox_shipments (
    org_id       TEXT NOT NULL REFERENCES orgs(id),
    order_id     TEXT NOT NULL,
    carrier      TEXT NOT NULL CHECK (carrier IN ('CJ대한통운', '한진택배', '롯데택배', '우체국택배', '로젠택배')),
    tracking_no  TEXT NOT NULL CHECK (length(tracking_no) = 12),
    shipped_at   BIGINT NOT NULL,
    delivered_at BIGINT NULL,
    PRIMARY KEY (org_id, order_id),
    FOREIGN KEY (org_id, order_id) REFERENCES sandbox_orders (org_id, order_id)
);
CREATE INDEX ix_sandbox_shipments_tracking ON sandbox_shipments (org_id, tracking_no);

CREATE TABLE sandbox_tracking_events (
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    order_id    TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    location    TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (org_id, order_id, seq),
    FOREIGN KEY (org_id, order_id) REFERENCES sandbox_shipments (org_id, order_id)
);

CREATE TABLE sandbox_boards (
    org_id   TEXT NOT NULL REFERENCES orgs(id),
    board_no BIGINT NOT NULL,
    name     TEXT NOT NULL,
    PRIMARY KEY (org_id, board_no)
);

CREATE TABLE sandbox_articles (
    org_id     TEXT NOT NULL REFERENCES orgs(id),
    board_no   BIGINT NOT NULL,
    article_no BIGINT NOT NULL,
    title      TEXT NOT NULL,
    content    TEXT NOT NULL,
    writer     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    answered   BIGINT NOT NULL DEFAULT 0 CHECK (answered IN (0, 1)),
    PRIMARY KEY (org_id, board_no, article_no),
    FOREIGN KEY (org_id, board_no) REFERENCES sandbox_boards (org_id, board_no)
);
CREATE INDEX ix_sandbox_articles_created ON sandbox_articles (org_id, board_no, created_at);
