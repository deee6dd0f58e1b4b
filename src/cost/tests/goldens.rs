//! Hand-worked goldens: every option of the hand-worked scenario, line by line.

use super::*;

#[test]
fn golden_event_hubs_standard() {
    let e = run(hand_worked());
    let o = opt(&e, PlatformOption::EVENT_HUBS_STANDARD);
    // Egress = (4 MB/s × 2 consumer groups + 3 MB/s sink) × 2 peak = 22 MB/s.
    // TUs = ceil(max(8 MB/s ÷ 1, 6,666.7 ev/s ÷ 1,000, 22 MB/s ÷ 2, 18,333 ev/s ÷ 4,096)) = 11.
    assert_eq!(o.sizing.throughput_units, Some(11));
    assert_eq!(o.sizing.namespaces, Some(1));
    // 11 TU × 730 h × $0.03 = $240.90
    let tu = line(o, "Event Hubs Standard throughput units");
    assert_eq!(tu.quantity, money("8030"));
    assert_eq!(tu.monthly_cost, money("240.90"));
    assert_eq!(tu.list_unit_price, tu.unit_price);
    assert_eq!(&*tu.formula, "11 TU × 730 h × $0.03/TU-h = $240.90");
    let r = tu.price_ref.as_ref().unwrap();
    assert_eq!(
        (
            r.catalog.as_str(),
            r.meter.as_str(),
            r.region.as_str(),
            r.date().as_str()
        ),
        (
            "eastus.csv",
            "Standard Throughput Unit",
            "eastus",
            "2024-07-01"
        )
    );
    // 4 MB/s ÷ 1,200 B = 3,333.3 records/s × 2,628,000 s = 8,760 M events × $0.028 = $245.28
    let ingress = line(o, "Event Hubs Standard ingress events");
    assert_eq!(ingress.quantity, money("8760"));
    assert_eq!(ingress.monthly_cost, money("245.28"));
    // Retained 4 × 72 × 3.6 = 1,036.8 GB − 11 × 84 = 924 included → 112.8 GB above. No rate is
    // published; the catalog's low-confidence estimate row prices it at Blob Hot LRS:
    // 112.8 GB × $0.0184 = $2.07552 → $2.08, and the price row says it is an estimate.
    let over = line(o, "Event Hubs Standard storage above");
    assert_eq!(over.quantity, money("112.8"));
    assert_eq!(over.unit_price, Some(money("0.0184")));
    assert_eq!(over.monthly_cost, money("2.08"));
    let r = over.price_ref.as_ref().unwrap();
    assert_eq!(r.confidence, Some(crate::pricing::Confidence::Low));
    assert!(r.source.starts_with("ESTIMATE"), "{}", r.source);
    assert_eq!(o.missing_prices, 0);
    assert!(!o.lower_bound);
    assert_common_infra(o);
    // OS disks: 3 workers + 3 system nodes = 6 × $19.71 (P10) = $118.26.
    assert_eq!(o.sizing.vms, 6);
    assert_eq!(line(o, "OS disks").monthly_cost, money("118.26"));
    // Monitoring: 6 × 2 GB = 12 GB; the first 5 GB are free, 7 GB × $2.76 = $19.32.
    assert_eq!(line(o, "Monitoring").monthly_cost, money("19.32"));
    // Key Vault: 3 workers × 1,000 reads = 3,000 ÷ 10,000 × $0.03 = $0.009 → $0.01.
    assert_eq!(line(o, "Key Vault").monthly_cost, money("0.01"));
    // 240.90 + 245.28 + 2.08 + 420.48 + 73.00 + 420.48 + 20.28 + 18.25 + 118.26 + 19.32
    // + 0.01 = 1,578.34
    assert_eq!(o.total, money("1578.34"));
}

#[test]
fn golden_event_hubs_premium_and_dedicated() {
    let e = run(hand_worked());
    // PUs = max(ceil(8 ÷ 5) = 2, ceil(22 MB/s egress ÷ 10) = 3, ceil(9 topics ÷ 100) = 1,
    // ceil(52 partitions ÷ 200) = 1) = 3, bought as 4 (sizes 1, 2, 4, 6, …)
    // → 4 PU × 730 h × $1.027 = $2,998.84; 1,036.8 GB < 4,000 GB included.
    let p = opt(&e, PlatformOption::EVENT_HUBS_PREMIUM);
    assert_eq!(p.sizing.processing_units_needed, Some(3));
    assert_eq!(p.sizing.processing_units, Some(4));
    assert_eq!(
        line(p, "Event Hubs Premium processing units").monthly_cost,
        money("2998.84")
    );
    assert_common_infra(p);
    // 2,998.84 + 420.48 + 73.00 + 420.48 + 20.28 + 18.25 + 118.26 + 19.32 + 0.01 Key Vault
    // = 4,088.92
    assert_eq!(p.total, money("4088.92"));
    // CUs = max(ceil(8 ÷ 100), ceil(22 ÷ 200), …) = 1 × 730 h × $6.849 = $4,999.77
    let d = opt(&e, PlatformOption::EVENT_HUBS_DEDICATED);
    assert_eq!(d.sizing.capacity_units, Some(1));
    // 4,999.77 + 420.48 + 73.00 + 420.48 + 20.28 + 18.25 + 118.26 + 19.32 + 0.01 Key Vault
    // = 6,089.85
    assert_eq!(d.total, money("6089.85"));
}

#[test]
fn golden_self_managed() {
    let e = run(hand_worked());
    let o = opt(
        &e,
        PlatformOption::self_managed(crate::domain::ConnectRuntime::Aks),
    );
    // Write-equivalent (Google): consumed = 4 × 2 + 3 = 11 MB/s;
    // 4 × RF 3 + (11 + 4 × 2) ÷ 4 = 16.75 MB/s average, 33.5 at peak;
    // vCPUs = max(16.75 ÷ (20 × 50%), 33.5 ÷ 20) = 1.675 → ceil(1.675 ÷ 8) = 1 broker.
    // Brokers: minimum 3 (partitions 52 × 3 ÷ 2,000 → 1; disk → 1).
    assert_eq!(o.sizing.brokers, Some(3));
    // 3 VM × 730 h × $0.384 = $840.96; controllers 3 × 730 × $0.192 = $420.48
    assert_eq!(line(o, "Kafka brokers").monthly_cost, money("840.96"));
    assert_eq!(line(o, "KRaft controllers").monthly_cost, money("420.48"));
    // Disk: 4e6 B/s × 72 h × 3,600 s × RF 3 × 1.3 ÷ 2^30 = 3,765.82 GiB ÷ 3 → 1,256 GiB each;
    // 3 × 1,256 × 730 h × $0.00011 = $302.5704 → $302.57
    assert_eq!(o.sizing.disk_gib_per_broker, Some(1256));
    assert_eq!(line(o, "Broker data disks").monthly_cost, money("302.57"));
    // Per disk 8 MB/s × 3 ÷ 3 = 8 MB/s < 125 baseline; 3,000 IOPS baseline: both lines $0.
    assert_eq!(line(o, "Broker disk IOPS").monthly_cost, Decimal::ZERO);
    assert_eq!(
        line(o, "Broker disk throughput").monthly_cost,
        Decimal::ZERO
    );
    // Cross-zone: (4 MB/s × (2/3 + 2) + 11 MB/s consumed × 2/3) = 18 MB/s × 2,628,000 s ÷ 1,000
    // = 47,304 GB, × 2 (out and in) = 94,608 GB at the catalog's $0 inter-zone rate.
    let xz = line(o, "Cross-zone traffic");
    assert_eq!(xz.quantity, money("94608"));
    assert_eq!(xz.unit_price, Some(Decimal::ZERO));
    assert!(
        xz.price_ref
            .as_ref()
            .unwrap()
            .source
            .contains("availability-zones-overview")
    );
    assert_common_infra(o);
    // VMs: 3 brokers + 3 controllers + 3 workers + 3 system nodes = 12:
    // OS disks 12 × $19.71 = $236.52; monitoring (24 − 5 free) GB × $2.76 = $52.44.
    assert_eq!(o.sizing.vms, 12);
    assert_eq!(line(o, "OS disks").monthly_cost, money("236.52"));
    assert_eq!(line(o, "Monitoring").monthly_cost, money("52.44"));
    // 840.96 + 420.48 + 302.57 + 73.00 + 420.48 + 20.28 + 18.25 + 420.48 + 236.52 + 52.44
    // + 0.01 Key Vault = 2,805.47
    assert_eq!(o.total, money("2805.47"));
}

#[test]
fn golden_self_managed_tiered() {
    let e = run(hand_worked());
    let o = opt(
        &e,
        PlatformOption::self_managed_tiered(crate::domain::ConnectRuntime::Aks),
    );
    assert_eq!(o.sizing.brokers, Some(3));
    // Local disk holds 24 h: 4e6 × 24 × 3,600 × 3 × 1.3 ÷ 2^30 = 1,255.27 GiB ÷ 3 → 419 GiB;
    // 3 × 419 × 730 h × $0.00011 = $100.9371 → $100.94
    assert_eq!(o.sizing.disk_gib_per_broker, Some(419));
    assert_eq!(line(o, "Broker data disks").monthly_cost, money("100.94"));
    // Blob (3 zones → Hot ZRS): 1,036.8 GB × $0.023 = $23.8464 → $23.85
    assert_eq!(
        line(o, "Tiered storage in Blob").monthly_cost,
        money("23.85")
    );
    // PUT: 4 MB/s × 2,628,000 s ÷ 5.24288 MB (5 MiB) = 2,004,943.85 ÷ 10K × $0.0625 = $12.53
    assert_eq!(
        line(o, "Tiered-storage uploads").monthly_cost,
        money("12.53")
    );
    // GET: 11 MB/s × 10% × 2,628,000 ÷ 5.24288 = 551,359.6 ÷ 10K × $0.004 = $0.22
    assert_eq!(line(o, "Tiered-storage reads").monthly_cost, money("0.22"));
    // 840.96 + 420.48 + 100.94 + 23.85 + 12.53 + 0.22 + 73.00 + 420.48 + 20.28 + 18.25
    // + 420.48 + 236.52 + 52.44 + 0.01 Key Vault = 2,640.44
    assert_eq!(o.total, money("2640.44"));
}

#[test]
fn golden_object_storage() {
    let e = run(hand_worked());
    let o = opt(
        &e,
        PlatformOption::object_storage(ObjectStorageProfile::AutoMq),
    );
    assert_eq!(o.sizing.brokers, Some(3));
    // WAL: the smallest Premium SSD with ≥ 10 GiB and ≥ 60 MB/s is P10 (128 GiB, 100 MB/s);
    // zone-redundant scenario → ZRS: 3 × $26.88 = $80.64
    assert_eq!(o.sizing.wal_gib_per_broker, Some(128));
    let wal = line(o, "Write-ahead-log");
    assert!(wal.component.contains("P10 ZRS"), "{}", wal.component);
    assert_eq!(wal.monthly_cost, money("80.64"));
    // Blob Hot ZRS 1,036.8 GB × $0.023 = $23.8464 → $23.85
    assert_eq!(
        line(o, "Blob storage capacity").monthly_cost,
        money("23.85")
    );
    // PUT 4 MB/s × 2,628,000 s ÷ 8 MB = 1,314,000 = 131.4 × 10K × $0.0625 = $8.2125 → $8.21
    assert_eq!(
        line(o, "Blob write operations (PUT)").quantity,
        money("131.4")
    );
    assert_eq!(
        line(o, "Blob write operations (PUT)").monthly_cost,
        money("8.21")
    );
    // GET 11 MB/s consumed × 100% × 2,628,000 ÷ 8 = 361.35 × 10K × $0.004 = $1.4454 → $1.45
    assert_eq!(
        line(o, "Blob read operations (GET)").monthly_cost,
        money("1.45")
    );
    // Compaction re-writes and re-reads every object once: 131.4 × $0.0625 = $8.21 and
    // 131.4 × $0.004 = $0.5256 → $0.53
    assert_eq!(
        line(o, "Blob write operations of compaction").monthly_cost,
        money("8.21")
    );
    assert_eq!(
        line(o, "Blob read operations of compaction").monthly_cost,
        money("0.53")
    );
    // Cross-zone without replication: (4 × 2/3 + 11 × 2/3) = 10 MB/s → 26,280 GB × 2.
    assert_eq!(line(o, "Cross-zone traffic").quantity, money("52560"));
    // 840.96 + 420.48 + 80.64 + 23.85 + 8.21 + 1.45 + 8.21 + 0.53 + 73.00 + 420.48 + 20.28
    // + 18.25 + 420.48 + 236.52 + 52.44 + 0.01 Key Vault = 2,625.79
    assert_eq!(o.total, money("2625.79"));
    // The AutoMQ BYOC licence has no public price: an unpriced line naming the input.
    let licence = line(o, "AutoMQ BYOC licence");
    assert_eq!(licence.unit_price, None);
    assert!(
        licence
            .flag
            .as_deref()
            .unwrap()
            .contains("options.assumptions.object_storage_subscription_per_month")
    );
    assert_eq!(o.missing_prices, 1);
    // With the user's figure it is priced at it: 2,625.79 + 4,000.00 = 6,625.79.
    let e = run(with(
        hand_worked(),
        &[
            "options",
            "assumptions",
            "object_storage_subscription_per_month",
        ],
        json!(4000),
    ));
    let o = opt(
        &e,
        PlatformOption::object_storage(ObjectStorageProfile::AutoMq),
    );
    assert_eq!(
        line(o, "AutoMQ BYOC licence").monthly_cost,
        money("4000.00")
    );
    assert_eq!(o.total, money("6625.79"));
    // The open-source build prices the same platform without a licence line (rule OS-BLOB
    // disqualifies it on Blob).
    let oss = opt(
        &e,
        PlatformOption::object_storage(ObjectStorageProfile::AutoMqOpenSource),
    );
    assert!(
        oss.lines
            .iter()
            .all(|l| l.category != line::Category::License)
    );
    assert_eq!(oss.total, money("2625.79"));
}

/// WarpStream BYOC on the hand-worked scenario: agents, Blob, and WarpStream's own meters.
#[test]
fn golden_warpstream() {
    let e = run(hand_worked());
    let o = opt(&e, PlatformOption::KAFKA_COMPATIBLE);
    assert_eq!(o.option.id(), "kafka_compatible.warpstream");
    // Agents = max(3 across zones, ceil(8 MB/s peak ÷ 60)) = 3 × 730 h × $0.384 = $840.96;
    // no controllers, no write-ahead-log disk.
    assert_eq!(line(o, "WarpStream agents").monthly_cost, money("840.96"));
    assert!(
        o.lines
            .iter()
            .all(|l| !l.component.starts_with("KRaft") && !l.component.starts_with("Write-ahead"))
    );
    // Cluster: 730 h × 4 = 2,920 intervals × $0.1725 = $503.70 (Fundamentals).
    let cluster = line(o, "WarpStream cluster");
    assert_eq!(cluster.quantity, money("2920"));
    assert_eq!(cluster.monthly_cost, money("503.70"));
    let r = cluster.price_ref.as_ref().unwrap();
    assert_eq!(r.confidence, Some(crate::pricing::Confidence::Low));
    // Written: 4 MB/s × 2,628,000 s × 1 ÷ 1,073.741824 = 9,790.06 GiB × $0.01 = $97.90.
    let written = line(o, "WarpStream uncompressed data written");
    assert_eq!(written.monthly_cost, money("97.90"));
    // Stored: 1,036.8 GB × 1,000 ÷ 1,073.741824 = 965.60 GiB × $0.01 = $9.66.
    assert_eq!(
        line(o, "WarpStream uncompressed data stored").monthly_cost,
        money("9.66")
    );
    // Blob as for AutoMQ: 23.85 + 8.21 + 1.45 + 8.21 + 0.53.
    assert_eq!(
        line(o, "Blob storage capacity").monthly_cost,
        money("23.85")
    );
    // OS disks: 3 agents + 3 workers + 3 system nodes = 9 × $19.71 = $177.39; monitoring
    // 9 × 2 GB − 5 GB free = 13 GB × $2.76 = $35.88.
    assert_eq!(line(o, "OS disks").monthly_cost, money("177.39"));
    assert_eq!(line(o, "Monitoring").monthly_cost, money("35.88"));
    // 840.96 + 23.85 + 8.21 + 1.45 + 8.21 + 0.53 + 503.70 + 97.90 + 9.66 + 73.00 + 420.48
    // + 420.48 + 20.28 + 18.25 + 177.39 + 35.88 + 0.01 = 2,660.24
    assert_eq!(o.total, money("2660.24"));
    assert_eq!(o.missing_prices, 0);
    // A compression ratio of 4 quadruples the uncompressed GiB: 39,160.25 GiB × $0.01 = $391.60.
    let e = run(with(
        hand_worked(),
        &["options", "assumptions", "uncompressed_ratio"],
        json!(4),
    ));
    let o = opt(&e, PlatformOption::KAFKA_COMPATIBLE);
    assert_eq!(
        line(o, "WarpStream uncompressed data written").monthly_cost,
        money("391.60")
    );
}

/// Redpanda BYOC: the tiered self-managed sizing without KRaft controllers, plus the
/// subscription the user enters.
#[test]
fn golden_redpanda() {
    let e = run(with(
        hand_worked(),
        &["options", "assumptions", "redpanda_byoc_per_month"],
        json!(2500),
    ));
    let o = opt(
        &e,
        PlatformOption::object_storage(ObjectStorageProfile::Redpanda),
    );
    let tiered = opt(
        &e,
        PlatformOption::self_managed_tiered(crate::domain::ConnectRuntime::Aks),
    );
    // The same brokers, disks and Blob as the tiered self-managed variant ...
    assert_eq!(o.sizing.brokers, tiered.sizing.brokers);
    assert_eq!(
        line(o, "Redpanda brokers").monthly_cost,
        line(tiered, "Kafka brokers").monthly_cost
    );
    // ... without its 3 KRaft controllers (3 × 730 h × $0.192 = $420.48, and their 3 OS disks
    // 3 × $19.71 = $59.13 and 3 × 2 GB of monitoring = 6 × $2.76 = $16.56) ...
    assert!(o.lines.iter().all(|l| !l.component.starts_with("KRaft")));
    assert_eq!(o.sizing.kraft_controllers, None);
    // ... and with the subscription: 2,640.44 − 420.48 − 59.13 − 16.56 + 2,500.00 = 4,644.27,
    // less the AKS cluster the tiered variant runs on (Connect stays on AKS, so it stays).
    assert_eq!(
        line(o, "Redpanda BYOC subscription").monthly_cost,
        money("2500.00")
    );
    assert_eq!(o.total, money("4644.27"));
    // Without the user's figure the line is unpriced and names the input.
    let e = run(hand_worked());
    let o = opt(
        &e,
        PlatformOption::object_storage(ObjectStorageProfile::Redpanda),
    );
    let sub = line(o, "Redpanda BYOC subscription");
    assert_eq!(sub.unit_price, None);
    assert!(
        sub.flag
            .as_deref()
            .unwrap()
            .contains("redpanda_byoc_per_month")
    );
}

#[test]
fn golden_tiered_internet_egress_and_peering() {
    let v = with(
        hand_worked(),
        &["network", "internet_egress_gb_per_month"],
        json!(30000),
    );
    let v = with(v, &["network", "vnet_peering_gb_per_month"], json!(500));
    let e = run(v);
    let o = opt(&e, PlatformOption::EVENT_HUBS_PREMIUM);
    // 100 GB × $0 + 10,140 GB × $0.087 + 19,760 GB × $0.083 = 0 + 882.18 + 1,640.08 = $2,522.26
    let egress = line(o, "Internet egress");
    assert_eq!(egress.monthly_cost, money("2522.26"));
    assert!(
        egress
            .formula
            .contains("100 GB × $0.00/GB + 10,140 GB × $0.087/GB + 19,760 GB × $0.083/GB"),
        "{}",
        egress.formula
    );
    // Peering 500 GB out × $0.01 + 500 GB in × $0.01 = $5.00 + $5.00
    assert_eq!(
        line(o, "VNet peering, outbound").monthly_cost,
        money("5.00")
    );
    assert_eq!(line(o, "VNet peering, inbound").monthly_cost, money("5.00"));
}

#[test]
fn golden_reservation_and_discount() {
    let v = with(
        hand_worked(),
        &["options", "commitment"],
        json!("reserved_3y"),
    );
    let v = with(v, &["options", "discount_percent"], json!(12));
    let e = run(v);
    let o = opt(&e, PlatformOption::EVENT_HUBS_PREMIUM);
    // 3 workers × 730 h × $0.07296 (3-year hourly equivalent) = $159.7824 list; × 0.88 = $140.61
    let w = line(o, "Connect workers");
    assert_eq!(w.unit_price, Some(money("0.07296")));
    assert_eq!(w.monthly_cost, money("140.61"));
    assert_eq!(
        &*w.formula,
        "3 workers [max(min 3, ceil(max(4 tasks, ceil(3 MB/s ÷ 1.5 MB/s per task) = 2) ÷ 4 tasks/worker))] × 730 h = 2,190 VM-hours × $0.07296/VM-h (3-year reservation, hourly equivalent; pay-as-you-go $0.192/VM-h) = $159.78 list − 12% negotiated discount = $140.61"
    );
    assert_eq!(
        w.price_ref.as_ref().unwrap().price_type,
        crate::pricing::PriceType::Reservation3y
    );
    // The line carries the pay-as-you-go price it replaced (FOCUS ListUnitPrice), as data.
    assert_eq!(w.list_unit_price, Some(money("0.192")));
    // Non-VM lines are not reserved but are discounted: 4 PU × 730 × $1.027 × 0.88 = $2,638.98
    assert_eq!(line(o, "Event Hubs Premium").monthly_cost, money("2638.98"));
}
