//! Writes a sample certificate: `cargo run --example sample [-- out.pdf [revoked]]`.

use std::path::PathBuf;

use wushe_pdf::{Certificate, Fonts, certificate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out =
        args.next().map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample.pdf"));
    let revoked = args.next().is_some_and(|a| a == "revoked");
    let fonts = Fonts::find(&[])?;
    let c = Certificate {
        number: "ZM2026-7K3QX9PD",
        name: "张三",
        id_masked: "500101********1234",
        issuer: "万州阳光社工服务中心",
        period: "2026年01月01日 至 2026年11月30日",
        hours: "12.5",
        entries: 8,
        summary: "参与社区老年人关爱探访活动，定期上门陪伴独居老人聊天、协助整理家务；协助社区开展垃圾分类宣传，\
                  发放宣传资料 300 余份；在周末课堂为外来务工人员子女辅导作业，内容涵盖语文阅读、数学练习与英语口语（English speaking）；\
                  协助组织“邻里节”文体活动，承担现场秩序维护、签到登记及摄影记录等工作。",
        issued_on: "2026年11月30日",
        verify_url: "https://wushe.example.org/public/certificates/ZM2026-7K3QX9PD",
        revoked,
    };
    let started = std::time::Instant::now();
    let pdf = certificate(&fonts, &c)?;
    eprintln!("{fonts:?}");
    eprintln!("rendered {} bytes in {:?}", pdf.len(), started.elapsed());
    std::fs::write(&out, pdf)?;
    eprintln!("wrote {}", out.display());
    Ok(())
}
