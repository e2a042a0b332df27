"""The agencies of a Musi Banyuasin-like regency and the nomenclature they use.

Each entry: id suffix, name, short name, type, urusan/bidang code, budget in
billions of rupiah (2019), substantive programme themes and, optionally,
indicators that are lower-is-better.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AgencySpec:
    """One agency of the synthetic regency."""

    slug: str
    name: str
    short_name: str
    agency_type: str
    bidang: str
    budget_billion: float
    themes: tuple[str, ...]
    lower_is_better: tuple[tuple[str, str, float], ...] = field(default=())
    hibah: bool = False
    bansos: bool = False
    roads: bool = False


KECAMATAN = (
    "Sekayu",
    "Babat Toman",
    "Batanghari Leko",
    "Bayung Lencir",
    "Keluang",
    "Lais",
    "Lalan",
    "Lawang Wetan",
    "Plakat Tinggi",
    "Sanga Desa",
    "Sungai Keruh",
    "Sungai Lilin",
    "Tungkal Jaya",
    "Babat Supat",
    "Jirak Jaya",
)
KECAMATAN_THEMES = (
    "Penyelenggaraan Pemerintahan dan Pelayanan Publik",
    "Pemberdayaan Masyarakat Desa dan Kelurahan",
    "Koordinasi Ketentraman dan Ketertiban Umum",
)

_OFFICES: tuple[AgencySpec, ...] = (
    AgencySpec(
        "setda",
        "Sekretariat Daerah",
        "Setda",
        "sekretariat",
        "4.01",
        118,
        ("Pemerintahan dan Kesejahteraan Rakyat", "Perekonomian dan Pembangunan"),
        hibah=True,
    ),
    AgencySpec(
        "setwan",
        "Sekretariat DPRD",
        "Setwan",
        "sekretariat",
        "4.02",
        96,
        ("Dukungan Pelaksanaan Tugas dan Fungsi DPRD",),
    ),
    AgencySpec(
        "inspektorat",
        "Inspektorat Daerah",
        "Inspektorat",
        "inspektorat",
        "6.01",
        24,
        ("Penyelenggaraan Pengawasan", "Perumusan Kebijakan dan Pendampingan Pengawasan"),
        (("Persentase rekomendasi temuan BPK yang belum ditindaklanjuti", "%", 10.0),),
    ),
    AgencySpec(
        "disdik",
        "Dinas Pendidikan",
        "Disdik",
        "dinas",
        "1.01",
        905,
        ("Pengelolaan Pendidikan", "Pengembangan Kurikulum", "Pendidik dan Tenaga Kependidikan"),
        (("Angka putus sekolah SD/SMP", "%", 0.8),),
    ),
    AgencySpec(
        "dinkes",
        "Dinas Kesehatan",
        "Dinkes",
        "dinas",
        "1.02",
        410,
        (
            "Pemenuhan Upaya Kesehatan Perorangan dan Masyarakat",
            "Peningkatan Kapasitas Sumber Daya Manusia Kesehatan",
            "Pemberdayaan Masyarakat Bidang Kesehatan",
        ),
        (
            ("Angka kematian bayi per 1.000 kelahiran hidup", "per 1.000", 8.0),
            ("Prevalensi stunting pada balita", "%", 18.0),
        ),
    ),
    AgencySpec(
        "rsud-sekayu",
        "Rumah Sakit Umum Daerah Sekayu",
        "RSUD Sekayu",
        "rumah_sakit",
        "1.02",
        152,
        ("Pemenuhan Upaya Kesehatan Perorangan",),
    ),
    AgencySpec(
        "dpupr",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "PUPR",
        "dinas",
        "1.03",
        640,
        ("Penyelenggaraan Jalan", "Pengelolaan Sumber Daya Air", "Penataan Bangunan Gedung"),
        roads=True,
    ),
    AgencySpec(
        "disperkim",
        "Dinas Perumahan dan Kawasan Permukiman",
        "Disperkim",
        "dinas",
        "1.04",
        118,
        ("Pengembangan Perumahan", "Kawasan Permukiman"),
        roads=True,
    ),
    AgencySpec(
        "satpolpp",
        "Satuan Polisi Pamong Praja",
        "Satpol PP",
        "satuan",
        "1.05",
        38,
        ("Peningkatan Ketenteraman dan Ketertiban Umum",),
        (("Jumlah pelanggaran Peraturan Daerah", "kasus", 60.0),),
    ),
    AgencySpec(
        "bpbd",
        "Badan Penanggulangan Bencana Daerah",
        "BPBD",
        "badan",
        "1.05",
        29,
        ("Penanggulangan Bencana",),
    ),
    AgencySpec(
        "dinsos",
        "Dinas Sosial",
        "Dinsos",
        "dinas",
        "1.06",
        47,
        ("Rehabilitasi Sosial", "Perlindungan dan Jaminan Sosial"),
        (("Persentase penduduk miskin", "%", 14.0),),
        bansos=True,
    ),
    AgencySpec(
        "disnaker",
        "Dinas Tenaga Kerja dan Transmigrasi",
        "Disnakertrans",
        "dinas",
        "2.07",
        21,
        ("Pelatihan Kerja dan Produktivitas Tenaga Kerja",),
        (("Tingkat pengangguran terbuka", "%", 4.5),),
    ),
    AgencySpec(
        "dpppa",
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        "DPPPA",
        "dinas",
        "2.08",
        14,
        ("Perlindungan Perempuan", "Pemenuhan Hak Anak"),
    ),
    AgencySpec(
        "dkp",
        "Dinas Ketahanan Pangan",
        "DKP",
        "dinas",
        "2.09",
        19,
        ("Peningkatan Diversifikasi dan Ketahanan Pangan Masyarakat",),
    ),
    AgencySpec(
        "dlh",
        "Dinas Lingkungan Hidup",
        "DLH",
        "dinas",
        "2.11",
        58,
        ("Pengelolaan Persampahan", "Pengendalian Pencemaran dan Kerusakan Lingkungan"),
    ),
    AgencySpec(
        "disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Disdukcapil",
        "dinas",
        "2.12",
        17,
        ("Pendaftaran Penduduk", "Pencatatan Sipil"),
    ),
    AgencySpec(
        "dpmd",
        "Dinas Pemberdayaan Masyarakat dan Desa",
        "DPMD",
        "dinas",
        "2.13",
        33,
        ("Penataan Desa", "Pemberdayaan Lembaga Kemasyarakatan"),
    ),
    AgencySpec(
        "dppkb",
        "Dinas Pengendalian Penduduk dan Keluarga Berencana",
        "DPPKB",
        "dinas",
        "2.14",
        22,
        ("Pembinaan Keluarga Berencana",),
    ),
    AgencySpec(
        "dishub",
        "Dinas Perhubungan",
        "Dishub",
        "dinas",
        "2.15",
        41,
        ("Penyelenggaraan Lalu Lintas dan Angkutan Jalan",),
    ),
    AgencySpec(
        "diskominfo",
        "Dinas Komunikasi dan Informatika",
        "Diskominfo",
        "dinas",
        "2.16",
        27,
        ("Informasi dan Komunikasi Publik", "Aplikasi Informatika"),
    ),
    AgencySpec(
        "diskopukm",
        "Dinas Koperasi dan Usaha Kecil Menengah",
        "Diskop UKM",
        "dinas",
        "2.17",
        16,
        (
            "Pemberdayaan dan Perlindungan Koperasi",
            "Pemberdayaan Usaha Menengah, Usaha Kecil dan Usaha Mikro",
        ),
    ),
    AgencySpec(
        "dpmptsp",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        "dinas",
        "2.18",
        15,
        ("Pelayanan Penanaman Modal", "Promosi Penanaman Modal"),
    ),
    AgencySpec(
        "dispora",
        "Dinas Kepemudaan dan Olahraga",
        "Dispora",
        "dinas",
        "2.19",
        26,
        ("Pengembangan Kapasitas Daya Saing Kepemudaan", "Pengembangan Daya Saing Keolahragaan"),
    ),
    AgencySpec(
        "dispusip",
        "Dinas Perpustakaan dan Kearsipan",
        "Dispusip",
        "dinas",
        "2.23",
        12,
        ("Pembinaan Perpustakaan", "Pengelolaan Arsip"),
    ),
    AgencySpec(
        "diskan",
        "Dinas Perikanan",
        "Diskan",
        "dinas",
        "3.25",
        24,
        ("Pengelolaan Perikanan Budidaya", "Pengolahan dan Pemasaran Hasil Perikanan"),
    ),
    AgencySpec(
        "disbudpar",
        "Dinas Kebudayaan dan Pariwisata",
        "Disbudpar",
        "dinas",
        "3.26",
        23,
        ("Peningkatan Daya Tarik Destinasi Pariwisata", "Pemasaran Pariwisata"),
    ),
    AgencySpec(
        "distan",
        "Dinas Pertanian",
        "Distan",
        "dinas",
        "3.27",
        72,
        ("Penyediaan dan Pengembangan Sarana Pertanian", "Penyuluhan Pertanian"),
    ),
    AgencySpec(
        "disbun",
        "Dinas Perkebunan",
        "Disbun",
        "dinas",
        "3.27",
        45,
        ("Pengembangan Perkebunan Rakyat",),
    ),
    AgencySpec(
        "disperindag",
        "Dinas Perindustrian dan Perdagangan",
        "Disperindag",
        "dinas",
        "3.30",
        28,
        ("Stabilisasi Harga Barang Kebutuhan Pokok", "Pengembangan Industri"),
    ),
    AgencySpec(
        "bappeda",
        "Badan Perencanaan Pembangunan Daerah",
        "Bappeda",
        "badan",
        "5.01",
        31,
        (
            "Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
            "Koordinasi dan Sinkronisasi Perencanaan Pembangunan Daerah",
        ),
    ),
    AgencySpec(
        "bpkad",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        "badan",
        "5.02",
        84,
        ("Pengelolaan Keuangan Daerah", "Pengelolaan Barang Milik Daerah"),
    ),
    AgencySpec(
        "bapenda",
        "Badan Pendapatan Daerah",
        "Bapenda",
        "badan",
        "5.02",
        36,
        ("Pengelolaan Pendapatan Daerah",),
    ),
    AgencySpec(
        "bkpsdm",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BKPSDM",
        "badan",
        "5.03",
        25,
        ("Kepegawaian Daerah", "Pengembangan Sumber Daya Manusia"),
    ),
    AgencySpec(
        "kesbangpol",
        "Badan Kesatuan Bangsa dan Politik",
        "Kesbangpol",
        "badan",
        "8.01",
        11,
        (
            "Penguatan Ideologi Pancasila dan Karakter Kebangsaan",
            "Peningkatan Kewaspadaan Nasional dan Penanganan Konflik Sosial",
        ),
        hibah=True,
    ),
)
_KECAMATAN_OFFICES = tuple(
    AgencySpec(
        f"kec-{name.lower().replace(' ', '-')}",
        f"Kecamatan {name}",
        f"Kec. {name}",
        "kecamatan",
        "7.01",
        6 + (index * 7) % 9,
        KECAMATAN_THEMES,
    )
    for index, name in enumerate(KECAMATAN)
)
AGENCIES: tuple[AgencySpec, ...] = (*_OFFICES, *_KECAMATAN_OFFICES)


RENAMED_AGENCY = (
    "disperindag",
    "disdagperin",
    "Dinas Perdagangan dan Perindustrian",
    "Disdagperin",
    2023,
)

# The support programme X.XX.01 every agency has: (kegiatan code, name, [sub kegiatan]).
SUPPORT_PROGRAM = "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
SUPPORT_ACTIVITIES = (
    (
        "2.01",
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        (
            ("0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah"),
            (
                "0006",
                "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
            ),
        ),
    ),
    (
        "2.02",
        "Administrasi Keuangan Perangkat Daerah",
        (("0001", "Penyediaan Gaji dan Tunjangan ASN"),),
    ),
    (
        "2.06",
        "Administrasi Umum Perangkat Daerah",
        (
            ("0002", "Penyediaan Peralatan dan Perlengkapan Kantor"),
            ("0004", "Penyediaan Bahan Logistik Kantor"),
            ("0009", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD"),
        ),
    ),
    (
        "2.07",
        "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah",
        (
            ("0002", "Pengadaan Kendaraan Dinas Operasional atau Lapangan"),
            ("0005", "Pengadaan Mebel"),
        ),
    ),
    (
        "2.08",
        "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
        (
            ("0002", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik"),
            ("0004", "Penyediaan Jasa Pelayanan Umum Kantor"),
        ),
    ),
    (
        "2.09",
        "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
        (
            (
                "0002",
                "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak, dan Perizinan Kendaraan Dinas Operasional atau Lapangan",
            ),
            ("0009", "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya"),
        ),
    ),
)
SALARY_SUB_ACTIVITY = ("2.02", "0001")
CAPITAL_ACTIVITY = "2.07"

# Kegiatan and sub kegiatan name patterns of a substantive programme theme.
ACTIVITY_PATTERNS = ("Pengelolaan {}", "Penyediaan Layanan {}", "Koordinasi dan Evaluasi {}")
SUB_ACTIVITY_PATTERNS = (
    "Pelaksanaan {}",
    "Pengadaan Sarana dan Prasarana {}",
    "Pembinaan dan Pengawasan {}",
    "Fasilitasi {}",
    "Monitoring, Evaluasi dan Pelaporan {}",
)
