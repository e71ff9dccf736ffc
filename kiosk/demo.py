"""Sample dossiers for the demo, so the guide's dashboard and the lookup have something to show."""
from sqlalchemy import func, select

from kiosk.dossiers import services
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db

SAMPLES = [
    ("xac-nhan-tinh-trang-hon-nhan", {
        "full_name": "Lê Thị Hoa", "birth_date": "1998-04-12", "sex": "female", "id_number": "001198004512",
        "residence": "25 Phố Quán Thánh, Ba Đình, Hà Nội", "marital_status": "single",
        "purpose": "Để đăng ký kết hôn", "phone": "0987654321", "fee_exemption": "none"}),
    ("khai-sinh", {
        "child_full_name": "Phạm Minh Khang", "child_sex": "male", "child_birth_date": "2026-11-02",
        "child_birth_place": "Bệnh viện Phụ sản Hà Nội", "child_hometown": "Hà Nam", "child_ethnicity": "Kinh", "child_nationality": "Việt Nam",
        "mother_declared": "vietnamese", "mother_full_name": "Đỗ Thu Trang", "mother_birth_date": "1994-06-30", "mother_id_number": "001194006789",
        "mother_residence": "8 Ngõ Giảng Võ, Ba Đình, Hà Nội", "father_declared": "yes",
        "father_full_name": "Phạm Văn Long", "father_birth_date": "1991-01-15", "father_id_number": "001091001234",
        "father_residence": "8 Ngõ Giảng Võ, Ba Đình, Hà Nội", "requester_full_name": "Phạm Văn Long",
        "requester_id_number": "001091001234", "requester_relation": "father", "fee_exemption": "none",
        "requester_phone": "0912345678"}),
]


def seed(catalogue, terminal, guide_id=None) -> int:
    """File the sample dossiers once; returns how many were filed now."""
    if db.session.scalar(select(func.count()).select_from(Dossier)):
        return 0
    for number, (code, answers) in enumerate(SAMPLES):
        services.submit(catalogue.get(code), answers, submission_key=f"demo-{number}", terminal=terminal,
                        actor="demo", guide_id=guide_id if number else None)
    return len(SAMPLES)
